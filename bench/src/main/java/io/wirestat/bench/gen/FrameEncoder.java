package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes one Ethernet + IPv4/IPv6 + TCP frame, as {@code tcpdump -s SNAP} on the server would capture it, into a
 * scratch buffer, and fills the matching {@link TcpSegment} (the ground truth the decoder should reproduce).
 * <p>
 * IPv4 header checksums are correct. TCP checksums are left 0: a snap-length capture cannot hold the bytes they
 * cover anyway (tcpdump -v will call them incorrect, which is what NIC checksum offload looks like too).
 * Frames the server receives that are shorter than Ethernet's 60-byte minimum carry zero padding, so the IP
 * total length, not the frame length, tells the payload length. Not thread safe; generator thread only.
 */
final class FrameEncoder
{
    /** TCP options: none (RSTs). */
    static final int OPTS_NONE = 0;
    /** NOP, NOP, timestamps: what every Linux segment after the handshake carries. */
    static final int OPTS_TS = 1;
    /** MSS, SACK-permitted, timestamps, NOP, window scale: Linux's SYN and SYN-ACK. */
    static final int OPTS_SYN = 2;

    /** What the first captured payload bytes look like. */
    static final int PAYLOAD_CONTINUATION = 0;
    static final int PAYLOAD_REQUEST = 1;
    static final int PAYLOAD_RESPONSE = 2;
    static final int PAYLOAD_FIRST_REQUEST = 3;

    static final int WINDOW_SCALE = 7;
    static final int ETHERNET_HEADER = 14;
    static final int ETHERNET_MIN_FRAME = 60;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int PROTO_TCP = 6;

    private static final long SERVER_MAC = 0x02_00_5E_00_00_10L;
    private static final long GATEWAY_MAC = 0x02_00_5E_00_00_01L;
    private static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;

    private static final byte[] HTTP_REQUEST = ascii(
        "GET /api/v1/items?page=2&sort=recent HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\n");
    private static final byte[] HTTP_RESPONSE = ascii(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 18211\r\nServer: nginx\r\n\r\n");
    private static final byte[] TLS_CLIENT_HELLO =
    {
        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte)0xFC, 0x03, 0x03
    };

    private final int snapLength;
    private final ByteBuffer scratch;
    /** Bytes standing in for encrypted or compressed payload. */
    private final byte[] noise = new byte[4096];

    FrameEncoder(final int snapLength)
    {
        this.snapLength = snapLength;
        this.scratch = ByteBuffer.allocate(Math.max(snapLength, 128)).order(ByteOrder.BIG_ENDIAN);
        new SplittableRandom(0x5EEDL).nextBytes(noise);
    }

    /** @return the buffer every frame is encoded into, at offset 0. */
    ByteBuffer scratch()
    {
        return scratch;
    }

    /**
     * Encodes one frame at offset 0 of {@link #scratch()} and fills {@code out}.
     *
     * @return the captured length; {@code out.ipLength + 14} (or 60 when padded) is the wire length.
     */
    int encode(
        final Connection c, final boolean fromClient, final int flags, final int seq, final int ack,
        final int payloadLength, final int optionsKind, final int window, final int payloadStyle,
        final long timestampNanos, final TcpSegment out)
    {
        final ByteBuffer b = scratch;
        final int tcpHeader = optionsKind == OPTS_NONE ? 20 : optionsKind == OPTS_TS ? 32 : 40;
        final int ipHeader = c.ipv6 ? IPV6_HEADER : IPV4_HEADER;
        final int ipLength = ipHeader + tcpHeader + payloadLength;
        final int wire = Math.max(ETHERNET_HEADER + ipLength, fromClient ? ETHERNET_MIN_FRAME : 0);
        final int captured = Math.min(wire, snapLength);

        putMac(b, 0, fromClient ? SERVER_MAC : GATEWAY_MAC);
        putMac(b, 6, fromClient ? GATEWAY_MAC : SERVER_MAC);
        b.putShort(12, (short)(c.ipv6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4));

        final long srcHi = fromClient ? c.clientHi : c.serverHi;
        final long srcLo = fromClient ? c.clientLo : c.serverLo;
        final long dstHi = fromClient ? c.serverHi : c.clientHi;
        final long dstLo = fromClient ? c.serverLo : c.clientLo;
        final int ip = ETHERNET_HEADER;
        if (c.ipv6)
        {
            final int flowLabel = fromClient ? c.clientFlowLabel : c.serverFlowLabel;
            b.putInt(ip, 0x6000_0000 | flowLabel);
            b.putShort(ip + 4, (short)(tcpHeader + payloadLength));
            b.put(ip + 6, (byte)PROTO_TCP);
            b.put(ip + 7, (byte)(fromClient ? c.clientTtl : 64));
            b.putLong(ip + 8, srcHi);
            b.putLong(ip + 16, srcLo);
            b.putLong(ip + 24, dstHi);
            b.putLong(ip + 32, dstLo);
        }
        else
        {
            final int id = fromClient ? c.clientIpId++ : c.serverIpId++;
            b.putShort(ip, (short)0x4500);
            b.putShort(ip + 2, (short)ipLength);
            b.putShort(ip + 4, (short)id);
            b.putShort(ip + 6, (short)0x4000);
            b.put(ip + 8, (byte)(fromClient ? c.clientTtl : 64));
            b.put(ip + 9, (byte)PROTO_TCP);
            b.putShort(ip + 10, (short)0);
            b.putInt(ip + 12, (int)srcLo);
            b.putInt(ip + 16, (int)dstLo);
            b.putShort(ip + 10, (short)ipv4Checksum(b, ip));
        }

        final int srcPort = fromClient ? c.clientPort : c.serverPort;
        final int dstPort = fromClient ? c.serverPort : c.clientPort;
        final int tcp = ip + ipHeader;
        b.putShort(tcp, (short)srcPort);
        b.putShort(tcp + 2, (short)dstPort);
        b.putInt(tcp + 4, seq);
        b.putInt(tcp + 8, ack);
        b.putShort(tcp + 12, (short)((tcpHeader / 4) << 12 | flags));
        b.putShort(tcp + 14, (short)window);
        b.putInt(tcp + 16, 0);

        final int msNow = (int)(timestampNanos / 1_000_000L);
        final int tsval = (fromClient ? c.clientTsBase : c.serverTsBase) + msNow;
        final int tsecr = (flags & TcpSegment.ACK) == 0 ? 0 : fromClient ? c.serverTsLast : c.clientTsLast;
        int mss = -1;
        int windowScale = -1;
        int options = 0;
        int o = tcp + 20;
        if (optionsKind == OPTS_SYN)
        {
            mss = c.segmentPayload + 12;
            windowScale = WINDOW_SCALE;
            options = TcpSegment.OPT_MSS | TcpSegment.OPT_SACK_PERMITTED | TcpSegment.OPT_TIMESTAMP |
                TcpSegment.OPT_WSCALE;
            b.putInt(o, 0x0204_0000 | mss);
            b.putShort(o + 4, (short)0x0402);
            b.putShort(o + 6, (short)0x080A);
            b.putInt(o + 8, tsval);
            b.putInt(o + 12, tsecr);
            b.putInt(o + 16, 0x0103_0300 | WINDOW_SCALE);
            o += 20;
        }
        else if (optionsKind == OPTS_TS)
        {
            options = TcpSegment.OPT_TIMESTAMP;
            b.putInt(o, 0x0101_080A);
            b.putInt(o + 4, tsval);
            b.putInt(o + 8, tsecr);
            o += 12;
        }
        if (optionsKind != OPTS_NONE)
        {
            if (fromClient)
            {
                c.clientTsLast = tsval;
            }
            else
            {
                c.serverTsLast = tsval;
            }
        }

        final int payloadCaptured = Math.min(payloadLength, captured - o);
        if (payloadCaptured > 0)
        {
            writePayload(b, o, payloadCaptured, payloadLength, payloadStyle, c.serverPort == 443, seq);
        }
        for (int i = o + Math.max(payloadCaptured, 0); i < captured; i++)
        {
            b.put(i, (byte)0);
        }

        out.timestampNanos = timestampNanos;
        out.srcHi = srcHi;
        out.srcLo = srcLo;
        out.dstHi = dstHi;
        out.dstLo = dstLo;
        out.srcPort = srcPort;
        out.dstPort = dstPort;
        out.vlan = 0;
        out.ipVersion = c.ipv6 ? 6 : 4;
        out.seq = seq;
        out.ack = ack;
        out.flags = flags;
        out.window = window;
        // The decoder parses options on SYN segments only (where they are negotiated): the truth says the same.
        final boolean syn = (flags & TcpSegment.SYN) != 0;
        out.windowScale = syn ? windowScale : -1;
        out.mss = syn ? mss : -1;
        out.options = syn ? options : 0;
        out.payloadLength = payloadLength;
        out.ipLength = ipLength;
        out.flowHash = c.flowHash;
        return captured;
    }

    /** @return the wire length of the frame {@link #encode} just wrote. */
    static int wireLength(final TcpSegment segment, final boolean fromClient)
    {
        return Math.max(ETHERNET_HEADER + segment.ipLength, fromClient ? ETHERNET_MIN_FRAME : 0);
    }

    private void writePayload(
        final ByteBuffer b, final int at, final int length, final int messageLength, final int style,
        final boolean tls, final int seq)
    {
        if (tls)
        {
            if (style == PAYLOAD_FIRST_REQUEST)
            {
                copy(b, at, length, TLS_CLIENT_HELLO);
                return;
            }
            if (style != PAYLOAD_CONTINUATION && length >= 5)
            {
                b.put(at, (byte)0x17);
                b.putShort(at + 1, (short)0x0303);
                b.putShort(at + 3, (short)Math.min(messageLength - 5, 16_401));
                copyNoise(b, at + 5, length - 5, seq);
                return;
            }
            copyNoise(b, at, length, seq);
            return;
        }
        if (style == PAYLOAD_REQUEST || style == PAYLOAD_FIRST_REQUEST)
        {
            copy(b, at, length, HTTP_REQUEST);
        }
        else if (style == PAYLOAD_RESPONSE)
        {
            copy(b, at, length, HTTP_RESPONSE);
        }
        else
        {
            copyNoise(b, at, length, seq);
        }
    }

    private static void copy(final ByteBuffer b, final int at, final int length, final byte[] text)
    {
        for (int i = 0; i < length; i++)
        {
            b.put(at + i, i < text.length ? text[i] : (byte)' ');
        }
    }

    private void copyNoise(final ByteBuffer b, final int at, final int length, final int seq)
    {
        final int start = (seq & 0x7FFF_FFFF) % (noise.length - 128);
        b.put(at, noise, start, length);
    }

    private static void putMac(final ByteBuffer b, final int at, final long mac)
    {
        b.putShort(at, (short)(mac >>> 32));
        b.putInt(at + 2, (int)mac);
    }

    /** RFC 1071 one's-complement sum over the 20-byte header (checksum field zero while summing). */
    static int ipv4Checksum(final ByteBuffer b, final int at)
    {
        int sum = 0;
        for (int i = 0; i < IPV4_HEADER; i += 2)
        {
            sum += b.getShort(at + i) & 0xFFFF;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    /** @return an IPv4 address as TcpSegment holds it (IPv4-mapped IPv6). */
    static long v4Mapped(final int ipv4)
    {
        return V4_MAPPED | (ipv4 & 0xFFFF_FFFFL);
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
