package io.wirestat.tracker.decode;

/**
 * Link-layer header types (LINKTYPE_* values as written in pcap and pcapng files, tcpdump.org/linktypes.html).
 */
public final class LinkType
{
    /** BSD loopback: 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** Raw IP, as some systems write DLT_RAW (12 on OpenBSD-derived writers; 14 on some). */
    public static final int RAW_12 = 12;
    public static final int RAW_14 = 14;
    /** OpenBSD loopback: 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** LINKTYPE_RAW: raw IPv4 or IPv6. */
    public static final int RAW = 101;
    /** Linux cooked capture v1 (16-byte header). */
    public static final int LINUX_SLL = 113;
    /** LINKTYPE_IPV4. */
    public static final int IPV4 = 228;
    /** LINKTYPE_IPV6. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (20-byte header), what {@code tcpdump -i any} writes. */
    public static final int LINUX_SLL2 = 276;

    private LinkType()
    {
    }

    /**
     * @param linkType a LINKTYPE_* value.
     * @return a short name for messages, e.g. {@code EN10MB}, or {@code LINKTYPE_<n>} for an unnamed one.
     */
    public static String name(final int linkType)
    {
        switch (linkType)
        {
            case NULL: return "NULL";
            case ETHERNET: return "EN10MB";
            case RAW_12:
            case RAW_14:
            case RAW: return "RAW";
            case LOOP: return "LOOP";
            case LINUX_SLL: return "LINUX_SLL";
            case IPV4: return "IPV4";
            case IPV6: return "IPV6";
            case LINUX_SLL2: return "LINUX_SLL2";
            default: return "LINKTYPE_" + linkType;
        }
    }
}
