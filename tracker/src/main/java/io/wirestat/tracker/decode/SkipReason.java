package io.wirestat.tracker.decode;

/**
 * Why a frame was not handed to the tracker. The decoder returns one of these codes (never throws) and counts it;
 * {@link #OK} means a TCP segment was decoded. Codes are dense from 0 so they index a {@code long[]} of counters.
 */
public final class SkipReason
{
    public static final int OK = 0;
    /** Not IP at all (ARP, LLDP, ...): ordinary traffic, not a fault. */
    public static final int NOT_IP = 1;
    /** IP but not TCP (UDP, ICMP, tunnels we do not open): ordinary traffic, not a fault. */
    public static final int NOT_TCP = 2;
    /** A non-first IP fragment: it carries no TCP header, so it is counted and never misparsed. */
    public static final int IP_FRAGMENT = 3;
    /** The frame's link type is one the decoder does not know. */
    public static final int UNSUPPORTED_LINK_TYPE = 4;
    /** Captured bytes end inside the link-layer header (or VLAN/MPLS tags). */
    public static final int TRUNCATED_LINK_HEADER = 5;
    /** Captured bytes end inside the IPv4/IPv6 header or its extension headers. */
    public static final int TRUNCATED_IP_HEADER = 6;
    /** An IP header that cannot be right: wrong version, IHL &lt; 5, total length shorter than the header. */
    public static final int BAD_IP_HEADER = 7;
    /** Captured bytes end inside the TCP header (snap length too short). */
    public static final int TRUNCATED_TCP_HEADER = 8;
    /** TCP data offset &lt; 5 words or beyond the IP payload. */
    public static final int BAD_TCP_HEADER = 9;

    public static final int COUNT = 10;

    private static final String[] NAMES =
    {
        "ok", "not_ip", "not_tcp", "ip_fragment", "unsupported_link_type", "truncated_link_header",
        "truncated_ip_header", "bad_ip_header", "truncated_tcp_header", "bad_tcp_header"
    };

    private SkipReason()
    {
    }

    /**
     * @param reason a code.
     * @return its stable snake_case name, used in reports and JSON.
     */
    public static String name(final int reason)
    {
        return NAMES[reason];
    }

    /**
     * @param reason a code.
     * @return true for reasons that mean damaged or unusable input rather than ordinary non-TCP traffic.
     */
    public static boolean isFault(final int reason)
    {
        return reason >= UNSUPPORTED_LINK_TYPE;
    }
}
