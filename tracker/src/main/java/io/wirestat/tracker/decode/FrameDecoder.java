package io.wirestat.tracker.decode;

import java.nio.ByteBuffer;

import static io.wirestat.tracker.decode.LinkHeaderDescriptor.AF_INET;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.AF_INET6_BSD;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.AF_INET6_DARWIN;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.AF_INET6_FREEBSD;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.AF_INET6_LINUX;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERNET_HEADER_LENGTH;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERNET_TYPE_OFFSET;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_IPV4;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_IPV6;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_MPLS_MULTICAST;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_MPLS_UNICAST;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_PPPOE_SESSION;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_QINQ;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_QINQ_OLD;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.ETHERTYPE_VLAN;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.MPLS_BOTTOM_OF_STACK;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.NULL_HEADER_LENGTH;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.PPPOE_HEADER_LENGTH;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.PPP_IPV4;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.PPP_IPV6;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.PPP_PROTOCOL_LENGTH;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.SLL2_HEADER_LENGTH;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.SLL2_PROTOCOL_OFFSET;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.SLL_HEADER_LENGTH;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.SLL_PROTOCOL_OFFSET;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.TAG_LENGTH;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.VLAN_ID_BITS;
import static io.wirestat.tracker.decode.LinkHeaderDescriptor.VLAN_ID_MASK;

/**
 * Walks one captured frame from its link-layer header down to TCP, in place, and fills a {@link TcpSegment}: the
 * link layers here, IP and TCP in {@link IpLayers}.
 * Nothing is allocated and nothing throws on bad bytes: every outcome is a {@link SkipReason} code, counted here.
 * Not thread safe; one per producer thread.
 * <p>
 * <b>Byte order:</b> the buffer handed to {@link #decode} must be {@link java.nio.ByteOrder#BIG_ENDIAN} (the
 * {@code ByteBuffer} default): every multi-byte field is read with an absolute {@code getShort}/{@code getInt}/
 * {@code getLong} and masked, so the wire's network order comes out right only in that order. Position and limit
 * are not used for indexing, but no byte at or past the limit (nor past {@code offset + capturedLength}) is read.
 * <p>
 * What is understood, in walk order:
 * <ul>
 *   <li>Link types ({@link LinkType}): Ethernet, Linux SLL and SLL2, BSD NULL and LOOP (address family in either
 *       byte order), RAW (101, 12, 14; the version nibble decides), IPV4, IPV6. Any other is
 *       {@link SkipReason#UNSUPPORTED_LINK_TYPE}.</li>
 *   <li>Behind an EtherType: any number of 802.1Q / 802.1ad / 0x9100 tags (the last two ids are kept as
 *       {@code outer << 12 | inner}), an MPLS label stack (IPv4/IPv6 guessed from the version nibble after the
 *       bottom label), a PPPoE session header. Any other EtherType is {@link SkipReason#NOT_IP}.</li>
 *   <li>IPv4 with options; IPv6 with hop-by-hop, routing, fragment, destination-options, AH and mobility
 *       extension headers. A non-first fragment of TCP is {@link SkipReason#IP_FRAGMENT}; a non-first fragment of
 *       another protocol is {@link SkipReason#NOT_TCP} (ordinary traffic). A first fragment is decoded: its TCP
 *       header is all there, and {@code payloadLength} is then the part of the payload this fragment carries.</li>
 *   <li>Lengths of 0 (IPv4 total length left unset by TSO/GSO, IPv6 jumbograms / Linux BIG TCP) fall back to the
 *       frame's wire length minus the link header.</li>
 * </ul>
 * Tunnels (IP-in-IP, GRE, VXLAN, ...) are not opened: their outer packet is {@link SkipReason#NOT_TCP}.
 */
public final class FrameDecoder
{
    private final long[] counts = new long[SkipReason.COUNT];

    /**
     * Decodes one frame. On {@link SkipReason#OK} every field of {@code out} except {@code timestampNanos} and
     * {@code frameNumber} (the caller's) is set; otherwise {@code out} is left in an unspecified state.
     *
     * @param frame          bytes holding the frame, {@link java.nio.ByteOrder#BIG_ENDIAN} (absolute indexing;
     *                       position is not used, nothing at or past the limit is read).
     * @param offset         index of the frame's first byte in {@code frame}.
     * @param capturedLength bytes captured (may be less than on the wire: snap length).
     * @param wireLength     the frame's length on the wire.
     * @param linkType       LINKTYPE_* of the frame ({@link LinkType}).
     * @param out            segment to fill.
     * @return a {@link SkipReason} code; the matching counter has been incremented.
     */
    public int decode(
        final ByteBuffer frame, final int offset, final int capturedLength, final int wireLength,
        final int linkType, final TcpSegment out)
    {
        final int limit = frame.limit();
        final int reason;
        if (offset < 0 || capturedLength < 0 || offset > limit)
        {
            reason = SkipReason.TRUNCATED_LINK_HEADER;
        }
        else
        {
            final int end = capturedLength > limit - offset ? limit : offset + capturedLength;
            // A wire length below the captured one is a writer's bug; the captured bytes then bound the wire.
            final int wire = Math.max(wireLength, capturedLength);
            reason = decodeLink(frame, offset, end, wire, linkType, out);
        }
        counts[reason]++;
        return reason;
    }

    /**
     * @param reason a {@link SkipReason} code.
     * @return how many frames ended with that code.
     */
    public long count(final int reason)
    {
        return counts[reason];
    }

    private static int decodeLink(
        final ByteBuffer frame, final int offset, final int end, final int wire, final int linkType,
        final TcpSegment out)
    {
        switch (linkType)
        {
            case LinkType.ETHERNET:
                if (ETHERNET_HEADER_LENGTH > end - offset)
                {
                    return SkipReason.TRUNCATED_LINK_HEADER;
                }
                return decodeEtherType(
                    frame, offset, u16(frame, offset + ETHERNET_TYPE_OFFSET), offset + ETHERNET_HEADER_LENGTH,
                    end, wire, out);

            case LinkType.LINUX_SLL:
                if (SLL_HEADER_LENGTH > end - offset)
                {
                    return SkipReason.TRUNCATED_LINK_HEADER;
                }
                return decodeEtherType(
                    frame, offset, u16(frame, offset + SLL_PROTOCOL_OFFSET), offset + SLL_HEADER_LENGTH,
                    end, wire, out);

            case LinkType.LINUX_SLL2:
                if (SLL2_HEADER_LENGTH > end - offset)
                {
                    return SkipReason.TRUNCATED_LINK_HEADER;
                }
                return decodeEtherType(
                    frame, offset, u16(frame, offset + SLL2_PROTOCOL_OFFSET), offset + SLL2_HEADER_LENGTH,
                    end, wire, out);

            case LinkType.NULL:
            case LinkType.LOOP:
                return decodeNull(frame, offset, end, wire, out);

            case LinkType.RAW:
            case LinkType.RAW_12:
            case LinkType.RAW_14:
                return decodeRaw(frame, offset, end, wire, out);

            case LinkType.IPV4:
                out.vlan = 0;
                return IpLayers.decodeIpv4(frame, offset, end, wire, out);

            case LinkType.IPV6:
                out.vlan = 0;
                return IpLayers.decodeIpv6(frame, offset, end, wire, out);

            default:
                return SkipReason.UNSUPPORTED_LINK_TYPE;
        }
    }

    /**
     * Follows an EtherType through VLAN tags, MPLS labels and PPPoE to IPv4 or IPv6.
     *
     * @param offset    the frame's first byte, to measure the link header for length fall-backs.
     * @param etherType the EtherType (or TPID) already read.
     * @param start     index of the first byte after it.
     */
    private static int decodeEtherType(
        final ByteBuffer frame, final int offset, final int etherType, final int start, final int end,
        final int wire, final TcpSegment out)
    {
        int type = etherType;
        int pos = start;
        int vlan = 0;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD)
        {
            if (TAG_LENGTH > end - pos)
            {
                return SkipReason.TRUNCATED_LINK_HEADER;
            }
            // Shifting the previous id up and dropping anything above it keeps the last two tags' ids.
            vlan = ((vlan & VLAN_ID_MASK) << VLAN_ID_BITS) | (u16(frame, pos) & VLAN_ID_MASK);
            type = u16(frame, pos + 2);
            pos += TAG_LENGTH;
        }
        out.vlan = vlan;

        switch (type)
        {
            case ETHERTYPE_IPV4:
                return IpLayers.decodeIpv4(frame, pos, end, wire - (pos - offset), out);

            case ETHERTYPE_IPV6:
                return IpLayers.decodeIpv6(frame, pos, end, wire - (pos - offset), out);

            case ETHERTYPE_MPLS_UNICAST:
            case ETHERTYPE_MPLS_MULTICAST:
            {
                int entry;
                do
                {
                    if (TAG_LENGTH > end - pos)
                    {
                        return SkipReason.TRUNCATED_LINK_HEADER;
                    }
                    entry = frame.getInt(pos);
                    pos += TAG_LENGTH;
                }
                while ((entry & MPLS_BOTTOM_OF_STACK) == 0);

                if (pos >= end)
                {
                    return SkipReason.TRUNCATED_IP_HEADER;
                }
                // MPLS does not say what it carries: guess from the first nibble, as tcpdump and Wireshark do.
                final int version = (frame.get(pos) & 0xF0) >> 4;
                if (version == 4)
                {
                    return IpLayers.decodeIpv4(frame, pos, end, wire - (pos - offset), out);
                }
                if (version == 6)
                {
                    return IpLayers.decodeIpv6(frame, pos, end, wire - (pos - offset), out);
                }
                return SkipReason.NOT_IP;
            }

            case ETHERTYPE_PPPOE_SESSION:
            {
                if (PPPOE_HEADER_LENGTH + PPP_PROTOCOL_LENGTH > end - pos)
                {
                    return SkipReason.TRUNCATED_LINK_HEADER;
                }
                final int protocol = u16(frame, pos + PPPOE_HEADER_LENGTH);
                pos += PPPOE_HEADER_LENGTH + PPP_PROTOCOL_LENGTH;
                if (protocol == PPP_IPV4)
                {
                    return IpLayers.decodeIpv4(frame, pos, end, wire - (pos - offset), out);
                }
                if (protocol == PPP_IPV6)
                {
                    return IpLayers.decodeIpv6(frame, pos, end, wire - (pos - offset), out);
                }
                return SkipReason.NOT_IP;
            }

            default:
                return SkipReason.NOT_IP;
        }
    }

    private static int decodeNull(
        final ByteBuffer frame, final int offset, final int end, final int wire, final TcpSegment out)
    {
        if (NULL_HEADER_LENGTH > end - offset)
        {
            return SkipReason.TRUNCATED_LINK_HEADER;
        }
        out.vlan = 0;
        int family = frame.getInt(offset);
        if ((family & 0xFFFF_0000) != 0)
        {
            // Every address family is below 2^16, so high bits set mean the writer was little-endian.
            family = Integer.reverseBytes(family);
        }
        final int ip = offset + NULL_HEADER_LENGTH;
        switch (family)
        {
            case AF_INET:
                return IpLayers.decodeIpv4(frame, ip, end, wire - NULL_HEADER_LENGTH, out);

            case AF_INET6_LINUX:
            case AF_INET6_BSD:
            case AF_INET6_FREEBSD:
            case AF_INET6_DARWIN:
                return IpLayers.decodeIpv6(frame, ip, end, wire - NULL_HEADER_LENGTH, out);

            default:
                return SkipReason.NOT_IP;
        }
    }

    private static int decodeRaw(
        final ByteBuffer frame, final int offset, final int end, final int wire, final TcpSegment out)
    {
        if (offset >= end)
        {
            return SkipReason.TRUNCATED_IP_HEADER;
        }
        out.vlan = 0;
        final int version = (frame.get(offset) & 0xF0) >> 4;
        if (version == 4)
        {
            return IpLayers.decodeIpv4(frame, offset, end, wire, out);
        }
        if (version == 6)
        {
            return IpLayers.decodeIpv6(frame, offset, end, wire, out);
        }
        return SkipReason.BAD_IP_HEADER;
    }

    private static int u16(final ByteBuffer frame, final int index)
    {
        return frame.getShort(index) & 0xFFFF;
    }
}
