package io.wirestat.bench.tracker;

import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.FlowHash;

/**
 * Builds N established connections as the tracker would receive them (SYN, SYN-ACK, ACK each), filling one reused
 * {@link TcpSegment} so that millions of connections cost no segment objects. Clients are 10.0.0.0/8 addresses
 * with ports 20000..59999, the server 10.255.255.254:443: disjoint from the generated captures' addresses, so
 * both can share a tracker. Stateless; any thread.
 */
public final class SyntheticHandshakes
{
    private static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;
    private static final int PORTS = 40_000;
    private static final int FIRST_PORT = 20_000;
    private static final int SERVER = 0x0AFF_FFFE;
    private static final int SERVER_PORT = 443;
    private static final int SYN_IP_LENGTH = 20 + 40;
    private static final int ACK_IP_LENGTH = 20 + 32;

    private SyntheticHandshakes()
    {
    }

    /**
     * Feeds {@code count} complete handshakes, one connection after the other.
     *
     * @param tracker    the tracker.
     * @param count      connections.
     * @param startNanos timestamp of the first SYN; each later segment is 1 µs later.
     * @param scratch    segment to fill and hand over.
     * @return the timestamp after the last segment.
     */
    public static long establish(final TcpTracker tracker, final int count, final long startNanos,
        final TcpSegment scratch)
    {
        long ts = startNanos;
        for (int i = 0; i < count; i++)
        {
            for (int step = 0; step < 3; step++)
            {
                fill(scratch, i, step, ts);
                tracker.onSegment(scratch);
                ts += 1_000;
            }
        }
        return ts;
    }

    /**
     * Fills {@code s} with step 0 (SYN), 1 (SYN-ACK) or 2 (ACK) of connection {@code index}.
     */
    public static void fill(final TcpSegment s, final int index, final int step, final long timestampNanos)
    {
        final long client = V4_MAPPED | (0x0A00_0000L + 1 + index / PORTS);
        final int clientPort = FIRST_PORT + index % PORTS;
        final long server = V4_MAPPED | (SERVER & 0xFFFF_FFFFL);
        final int clientIsn = index * 0x9E37_79B9;
        final int serverIsn = ~clientIsn;
        final boolean fromClient = step != 1;
        s.timestampNanos = timestampNanos;
        s.srcHi = 0;
        s.srcLo = fromClient ? client : server;
        s.dstHi = 0;
        s.dstLo = fromClient ? server : client;
        s.srcPort = fromClient ? clientPort : SERVER_PORT;
        s.dstPort = fromClient ? SERVER_PORT : clientPort;
        s.vlan = 0;
        s.ipVersion = 4;
        s.payloadLength = 0;
        s.flowHash = FlowHash.of(0, client, clientPort, 0, server, SERVER_PORT, 0);
        s.frameNumber = 3L * index + step + 1;
        if (step == 2)
        {
            s.seq = clientIsn + 1;
            s.ack = serverIsn + 1;
            s.flags = TcpSegment.ACK;
            s.window = 502;
            s.windowScale = -1;
            s.mss = -1;
            s.options = TcpSegment.OPT_TIMESTAMP;
            s.ipLength = ACK_IP_LENGTH;
            return;
        }
        s.seq = step == 0 ? clientIsn : serverIsn;
        s.ack = step == 0 ? 0 : clientIsn + 1;
        s.flags = step == 0 ? TcpSegment.SYN : TcpSegment.SYN | TcpSegment.ACK;
        s.window = step == 0 ? 64_240 : 65_160;
        s.windowScale = 7;
        s.mss = 1460;
        s.options = TcpSegment.OPT_MSS | TcpSegment.OPT_SACK_PERMITTED | TcpSegment.OPT_TIMESTAMP |
            TcpSegment.OPT_WSCALE;
        s.ipLength = SYN_IP_LENGTH;
    }
}
