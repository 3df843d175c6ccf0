package io.wirestat.capture.filter;

import java.nio.ByteBuffer;

/**
 * Builds small IPv4 frames for filter tests: Ethernet, raw IP and Linux SLL encapsulations of the same packet.
 */
final class TestFrames
{
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private TestFrames()
    {
    }

    /**
     * @return an IPv4 packet (20-byte header) carrying a 20-byte TCP header or an 8-byte UDP header.
     */
    static byte[] ipv4(
        final int protocol, final int source, final int destination, final int sourcePort, final int destinationPort,
        final int tcpFlags)
    {
        final int l4 = protocol == TCP ? 20 : 8;
        final ByteBuffer ip = ByteBuffer.allocate(20 + l4);
        ip.put((byte)0x45).put((byte)0).putShort((short)(20 + l4)).putShort((short)1).putShort((short)0x4000)
            .put((byte)64).put((byte)protocol).putShort((short)0).putInt(source).putInt(destination);
        ip.putShort((short)sourcePort).putShort((short)destinationPort);
        if (protocol == TCP)
        {
            ip.putInt(1000).putInt(0).put((byte)0x50).put((byte)tcpFlags).putShort((short)65535).putInt(0);
        }
        else
        {
            ip.putShort((short)8).putShort((short)0);
        }
        return ip.array();
    }

    /**
     * @return the packet behind an Ethernet header (EtherType IPv4).
     */
    static byte[] ethernet(final byte[] ipv4)
    {
        final ByteBuffer frame = ByteBuffer.allocate(14 + ipv4.length);
        frame.put(new byte[]{0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, (byte)0x88, (byte)0x99, (byte)0xAA});
        frame.putShort((short)0x0800).put(ipv4);
        return frame.array();
    }

    /**
     * @return the packet behind a Linux cooked (SLL v1) header.
     */
    static byte[] linuxSll(final byte[] ipv4)
    {
        final ByteBuffer frame = ByteBuffer.allocate(16 + ipv4.length);
        frame.putShort((short)0).putShort((short)1).putShort((short)6)
            .put(new byte[]{0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0}).putShort((short)0x0800).put(ipv4);
        return frame.array();
    }

    /**
     * @return a dotted-quad IPv4 address as an int.
     */
    static int address(final int a, final int b, final int c, final int d)
    {
        return a << 24 | b << 16 | c << 8 | d;
    }
}
