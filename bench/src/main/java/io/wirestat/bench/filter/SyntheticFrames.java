package io.wirestat.bench.filter;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * A deterministic mix of Ethernet frames for filter benchmarks: mostly IPv4 TCP (ports 443, 80, 22; some SYNs;
 * some from 10.1.2.3), then IPv4 UDP, IPv6 TCP and ARP, with realistic wire lengths.
 * <p>
 * Threading: stateless.
 */
final class SyntheticFrames
{
    private SyntheticFrames()
    {
    }

    /**
     * Writes one frame's first bytes (at most {@code frame.length}, headers first).
     *
     * @param random source of the mix.
     * @param frame  receives the frame's captured bytes.
     * @return the frame's wire length.
     */
    static int write(final Random random, final byte[] frame)
    {
        final ByteBuffer out = ByteBuffer.wrap(frame);
        java.util.Arrays.fill(frame, (byte)0);
        out.put(new byte[]{0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, (byte)0x88, (byte)0x99, (byte)0xAA});
        final int kind = random.nextInt(100);
        final int payload = random.nextBoolean() ? 0 : random.nextInt(1400);
        if (kind < 5)
        {
            out.putShort((short)0x0806);
            return 60;
        }
        if (kind < 15)
        {
            out.putShort((short)0x86DD);
            out.putInt(0x60000000).putShort((short)(20 + payload)).put((byte)6).put((byte)64);
            out.putLong(0x20010DB8_00000000L).putLong(1).putLong(0x20010DB8_00000000L).putLong(2);
            tcp(random, out);
            return 14 + 40 + 20 + payload;
        }
        final boolean udp = kind < 40;
        final int source = random.nextInt(8) == 0 ? 0x0A010203 : 0x0A000000 | random.nextInt(1 << 16);
        out.putShort((short)0x0800);
        out.put((byte)0x45).put((byte)0).putShort((short)(20 + (udp ? 8 : 20) + payload)).putShort((short)1)
            .putShort((short)0x4000).put((byte)64).put((byte)(udp ? 17 : 6)).putShort((short)0)
            .putInt(source).putInt(0xC0000207);
        if (udp)
        {
            out.putShort((short)(1024 + random.nextInt(60000))).putShort((short)53).putShort((short)(8 + payload))
                .putShort((short)0);
            return 14 + 20 + 8 + payload;
        }
        tcp(random, out);
        return 14 + 20 + 20 + payload;
    }

    private static void tcp(final Random random, final ByteBuffer out)
    {
        final int[] ports = {443, 443, 443, 80, 22};
        final int flags = random.nextInt(10) == 0 ? 0x02 : 0x18;
        out.putShort((short)(1024 + random.nextInt(60000))).putShort((short)ports[random.nextInt(ports.length)])
            .putInt(random.nextInt()).putInt(random.nextInt()).put((byte)0x50).put((byte)flags)
            .putShort((short)65535).putInt(0);
    }
}
