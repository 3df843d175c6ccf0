package io.wirestat.tracker.decode;

import io.wirestat.tracker.flow.FlowHash;

import java.nio.ByteBuffer;

/**
 * The network and transport half of {@link FrameDecoder}'s walk: an IPv4 or IPv6 header (with IPv6's extension
 * headers and both versions' fragments), then TCP, filling the {@link TcpSegment} in place. The link layers in
 * {@link FrameDecoder} hand over the index of the IP header and the bytes left on the wire. The same rules as there:
 * nothing allocated, nothing thrown on bad bytes, every outcome a {@link SkipReason} code, nothing read at or past
 * {@code end}. Stateless.
 */
final class IpLayers
{
    private IpLayers()
    {
    }

    /**
     * @param ip         index of the IPv4 header.
     * @param wireLength bytes from {@code ip} to the end of the frame on the wire (for a total length of 0).
     */
    static int decodeIpv4(
        final ByteBuffer frame, final int ip, final int end, final int wireLength, final TcpSegment out)
    {
        if (ip >= end)
        {
            return SkipReason.TRUNCATED_IP_HEADER;
        }
        final int versionIhl = frame.get(ip + Ipv4Descriptor.VERSION_IHL_OFFSET) & 0xFF;
        final int headerLength = (versionIhl & 0x0F) << 2;
        if ((versionIhl >> 4) != 4 || headerLength < Ipv4Descriptor.MIN_HEADER_LENGTH)
        {
            return SkipReason.BAD_IP_HEADER;
        }
        if (headerLength > end - ip)
        {
            return SkipReason.TRUNCATED_IP_HEADER;
        }
        int totalLength = u16(frame, ip + Ipv4Descriptor.TOTAL_LENGTH_OFFSET);
        if (totalLength == 0)
        {
            // TSO/GSO: the capturing host saw the super-packet before the NIC split it and filled in the length.
            totalLength = wireLength;
        }
        if (totalLength < headerLength)
        {
            return SkipReason.BAD_IP_HEADER;
        }
        if ((frame.get(ip + Ipv4Descriptor.PROTOCOL_OFFSET) & 0xFF) != TcpDescriptor.PROTOCOL)
        {
            return SkipReason.NOT_TCP;
        }
        if ((frame.getShort(ip + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET) & Ipv4Descriptor.FRAGMENT_OFFSET_MASK) != 0)
        {
            return SkipReason.IP_FRAGMENT;
        }

        out.ipVersion = 4;
        out.ipLength = totalLength;
        out.srcHi = 0;
        out.srcLo = Ipv4Descriptor.MAPPED_PREFIX |
            (frame.getInt(ip + Ipv4Descriptor.SRC_ADDRESS_OFFSET) & 0xFFFF_FFFFL);
        out.dstHi = 0;
        out.dstLo = Ipv4Descriptor.MAPPED_PREFIX |
            (frame.getInt(ip + Ipv4Descriptor.DST_ADDRESS_OFFSET) & 0xFFFF_FFFFL);
        return decodeTcp(frame, ip + headerLength, end, totalLength - headerLength, out);
    }

    /**
     * @param ip         index of the IPv6 header.
     * @param wireLength bytes from {@code ip} to the end of the frame on the wire (for a payload length of 0).
     */
    static int decodeIpv6(
        final ByteBuffer frame, final int ip, final int end, final int wireLength, final TcpSegment out)
    {
        if (ip >= end)
        {
            return SkipReason.TRUNCATED_IP_HEADER;
        }
        if ((frame.get(ip) & 0xF0) != 0x60)
        {
            return SkipReason.BAD_IP_HEADER;
        }
        if (Ipv6Descriptor.HEADER_LENGTH > end - ip)
        {
            return SkipReason.TRUNCATED_IP_HEADER;
        }
        int ipLength = Ipv6Descriptor.HEADER_LENGTH + u16(frame, ip + Ipv6Descriptor.PAYLOAD_LENGTH_OFFSET);
        if (ipLength == Ipv6Descriptor.HEADER_LENGTH)
        {
            // Jumbogram or Linux BIG TCP (the kernel strips the jumbo option before the tap sees it).
            ipLength = Math.max(wireLength, Ipv6Descriptor.HEADER_LENGTH);
        }
        final long ipEnd = (long)ip + ipLength;

        int nextHeader = frame.get(ip + Ipv6Descriptor.NEXT_HEADER_OFFSET) & 0xFF;
        int pos = ip + Ipv6Descriptor.HEADER_LENGTH;
        // Each extension header moves pos forward by at least 8 bytes and pos never passes end: the loop ends.
        while (nextHeader != TcpDescriptor.PROTOCOL)
        {
            final int headerLength;
            switch (nextHeader)
            {
                case Ipv6Descriptor.HOP_BY_HOP:
                case Ipv6Descriptor.ROUTING:
                case Ipv6Descriptor.DESTINATION_OPTIONS:
                case Ipv6Descriptor.MOBILITY:
                    if (2 > end - pos)
                    {
                        return SkipReason.TRUNCATED_IP_HEADER;
                    }
                    headerLength = ((frame.get(pos + Ipv6Descriptor.EXT_LENGTH_OFFSET) & 0xFF) + 1) << 3;
                    break;

                case Ipv6Descriptor.AUTHENTICATION:
                    if (2 > end - pos)
                    {
                        return SkipReason.TRUNCATED_IP_HEADER;
                    }
                    headerLength = ((frame.get(pos + Ipv6Descriptor.EXT_LENGTH_OFFSET) & 0xFF) + 2) << 2;
                    break;

                case Ipv6Descriptor.FRAGMENT:
                    if (Ipv6Descriptor.EXT_MIN_LENGTH > end - pos)
                    {
                        return SkipReason.TRUNCATED_IP_HEADER;
                    }
                    if ((frame.getShort(pos + Ipv6Descriptor.FRAGMENT_OFFSET_OFFSET)
                        & Ipv6Descriptor.FRAGMENT_OFFSET_MASK) != 0)
                    {
                        // Same rule as IPv4: only fragments of TCP (or of a header chain leading on) are
                        // IP_FRAGMENT; a non-first UDP fragment is ordinary non-TCP traffic.
                        final int upper = frame.get(pos) & 0xFF;
                        return upper == TcpDescriptor.PROTOCOL || isExtensionHeader(upper) ?
                            SkipReason.IP_FRAGMENT : SkipReason.NOT_TCP;
                    }
                    headerLength = Ipv6Descriptor.EXT_MIN_LENGTH;
                    break;

                default:
                    // ESP, No Next Header, UDP, ICMPv6, tunnels...: no TCP header we can see.
                    return SkipReason.NOT_TCP;
            }
            if (headerLength > end - pos)
            {
                return SkipReason.TRUNCATED_IP_HEADER;
            }
            if (pos + headerLength > ipEnd)
            {
                return SkipReason.BAD_IP_HEADER;
            }
            nextHeader = frame.get(pos) & 0xFF;
            pos += headerLength;
        }

        out.ipVersion = 6;
        out.ipLength = ipLength;
        out.srcHi = frame.getLong(ip + Ipv6Descriptor.SRC_ADDRESS_OFFSET);
        out.srcLo = frame.getLong(ip + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8);
        out.dstHi = frame.getLong(ip + Ipv6Descriptor.DST_ADDRESS_OFFSET);
        out.dstLo = frame.getLong(ip + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8);
        return decodeTcp(frame, pos, end, (int)(ipEnd - pos), out);
    }

    private static boolean isExtensionHeader(final int nextHeader)
    {
        return nextHeader == Ipv6Descriptor.HOP_BY_HOP || nextHeader == Ipv6Descriptor.ROUTING ||
            nextHeader == Ipv6Descriptor.DESTINATION_OPTIONS || nextHeader == Ipv6Descriptor.AUTHENTICATION ||
            nextHeader == Ipv6Descriptor.MOBILITY || nextHeader == Ipv6Descriptor.FRAGMENT;
    }

    /**
     * @param tcp             index of the TCP header.
     * @param ipPayloadLength bytes the IP header says follow it on the wire (TCP header + payload).
     */
    private static int decodeTcp(
        final ByteBuffer frame, final int tcp, final int end, final int ipPayloadLength, final TcpSegment out)
    {
        if (TcpDescriptor.MIN_HEADER_LENGTH > end - tcp)
        {
            return SkipReason.TRUNCATED_TCP_HEADER;
        }
        final int headerLength = (frame.get(tcp + TcpDescriptor.DATA_OFFSET_OFFSET) & 0xF0) >> 2;
        if (headerLength < TcpDescriptor.MIN_HEADER_LENGTH || headerLength > ipPayloadLength)
        {
            return SkipReason.BAD_TCP_HEADER;
        }

        out.srcPort = u16(frame, tcp + TcpDescriptor.SRC_PORT_OFFSET);
        out.dstPort = u16(frame, tcp + TcpDescriptor.DST_PORT_OFFSET);
        out.seq = frame.getInt(tcp + TcpDescriptor.SEQ_OFFSET);
        out.ack = frame.getInt(tcp + TcpDescriptor.ACK_OFFSET);
        out.flags = frame.get(tcp + TcpDescriptor.FLAGS_OFFSET) & 0xFF;
        out.window = u16(frame, tcp + TcpDescriptor.WINDOW_OFFSET);
        out.payloadLength = ipPayloadLength - headerLength;

        if ((out.flags & TcpSegment.SYN) != 0)
        {
            // Options are read only as far as they were captured: a snap length that cuts them is not a skip.
            final int optionsEnd = headerLength > end - tcp ? end : tcp + headerLength;
            TcpOptionsParser.parse(frame, tcp + TcpDescriptor.MIN_HEADER_LENGTH, optionsEnd, out);
        }
        else
        {
            // MSS, window scale and SACK-permitted are negotiated on SYNs only; nothing downstream reads the
            // options of other segments, and parsing timestamps on every segment cost a sixth of the decode time.
            out.mss = -1;
            out.windowScale = -1;
            out.options = 0;
        }

        // The VLAN stays out of the hash: some networks tag one direction and not the other (or each with its own
        // id), and both directions must still meet in one shard and one bucket. The flow table compares VLANs.
        out.flowHash = FlowHash.of(out.srcHi, out.srcLo, out.srcPort, out.dstHi, out.dstLo, out.dstPort, 0);
        return SkipReason.OK;
    }

    private static int u16(final ByteBuffer frame, final int index)
    {
        return frame.getShort(index) & 0xFFFF;
    }
}
