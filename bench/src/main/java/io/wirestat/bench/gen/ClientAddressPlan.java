package io.wirestat.bench.gen;

import io.wirestat.tracker.flow.FlowHash;

/**
 * Who the generated connections are between: 40 000 client hosts in 198.18.0.0/15 or 2001:db8:1::/64 (one host in
 * ten is IPv6) and one server, 198.18.0.10 or 2001:db8::10, on port 443 or 80. A connection's 4-tuple is a function
 * of its index alone (the plan draws nothing from the random generator), and no two indexes share one. Not thread
 * safe; generator thread only.
 */
final class ClientAddressPlan
{
    static final int HOSTS = 40_000;
    private static final int HOST_MULTIPLIER = 7_777;
    private static final int EPHEMERAL_FIRST = 32_768;
    private static final int EPHEMERAL_COUNT = 28_232;
    private static final int PORT_STRIDE = 7_919;
    private static final int IPV4_CLIENT_BASE = 0xC612_0000 + 256;
    private static final int IPV4_SERVER = 0xC612_000A;
    private static final long IPV6_CLIENT_HI = 0x2001_0DB8_0001_0000L;
    private static final long IPV6_SERVER_HI = 0x2001_0DB8_0000_0000L;
    private static final long IPV6_SERVER_LO = 0x10L;

    private int nextTupleIndex;

    /**
     * @return a connection with only its endpoints (and the client host's TTL, MSS and timestamp base) set, on a
     *         4-tuple never used before.
     * @throws IllegalStateException once the plan's 4-tuples are used up.
     */
    Connection nextTuple()
    {
        final int i = nextTupleIndex++;
        // (i mod H) * a mod H is a bijection on each block of H indexes and the port is a bijection of the block
        // number, so no 4-tuple repeats by accident (up to H * 28232 connections); reuse is only ever deliberate.
        final int block = i / HOSTS;
        final int host = (int)((long)(i % HOSTS) * HOST_MULTIPLIER % HOSTS);
        if (block >= EPHEMERAL_COUNT)
        {
            throw new IllegalStateException("too many connections for the client address plan: " + i);
        }
        final Connection c = new Connection();
        c.ipv6 = host % 10 == 3;
        if (c.ipv6)
        {
            c.clientHi = IPV6_CLIENT_HI | (host >>> 16);
            c.clientLo = (mix(host) & 0xFFFF_FFFF_0000_0000L) | host;
            c.serverHi = IPV6_SERVER_HI;
            c.serverLo = IPV6_SERVER_LO;
            c.segmentPayload = 1440 - 12;
        }
        else
        {
            c.clientLo = FrameEncoder.v4Mapped(IPV4_CLIENT_BASE + host);
            c.serverLo = FrameEncoder.v4Mapped(IPV4_SERVER);
            c.segmentPayload = 1460 - 12;
        }
        c.clientPort = EPHEMERAL_FIRST + (int)(((long)block * PORT_STRIDE + host * 131L) % EPHEMERAL_COUNT);
        c.serverPort = (host + block) % 5 == 0 ? 80 : 443;
        c.clientTtl = 64 - (int)(mix(host * 31L) & 15);
        c.flowHash = FlowHash.of(c.clientHi, c.clientLo, c.clientPort, c.serverHi, c.serverLo, c.serverPort, 0);
        c.clientTsBase = (int)mix(host);
        return c;
    }

    /**
     * @param old a finished connection.
     * @return a connection by the same client on the same 4-tuple, one generation later, with only what
     *         {@link #nextTuple} sets copied from {@code old}.
     */
    static Connection sameTuple(final Connection old)
    {
        final Connection c = new Connection();
        c.ipv6 = old.ipv6;
        c.clientHi = old.clientHi;
        c.clientLo = old.clientLo;
        c.serverHi = old.serverHi;
        c.serverLo = old.serverLo;
        c.clientPort = old.clientPort;
        c.serverPort = old.serverPort;
        c.segmentPayload = old.segmentPayload;
        c.clientTtl = old.clientTtl;
        c.flowHash = old.flowHash;
        c.clientTsBase = old.clientTsBase;
        c.generation = old.generation + 1;
        return c;
    }

    private static long mix(final long v)
    {
        long z = v + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
