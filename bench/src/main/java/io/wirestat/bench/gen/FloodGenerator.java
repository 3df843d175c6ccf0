package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.FlowHash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates a flood capture deterministically from a seed, for the bounded-table benchmark and tests
 * ({@code bench/flood.sh}, {@code FloodAnalyzeTest}, {@code FloodLiveTest}). In capture order:
 * <pre>
 *   t0          the real connection 192.0.2.10:40000 -> 198.51.100.80:8080: handshake, request, response
 *   t0 + ...    --finished connections closed client-first (192.0.2.20:41000+i): finished, evicted first
 *               --established idle connections (192.0.2.30:41000+i): handshake, request, ACK; never closed
 *   + 1 s       the flood to 198.51.100.80:8080, one packet every 1/pps s, each flow from its own source in
 *               10.0.0.0/8 (a permutation of the flow index, so no two flows share an address):
 *                 syn          one SYN per flow, never answered
 *                 established  SYN, SYN-ACK, ACK with a 64-byte request, the server's ACK; never closed
 *               every --exchange-every flood packets the real connection sends a request and gets its response
 *   end - 2 s   (quiet: the flood's last half-open handshakes age past syn_flood's 1 s)
 *   end         the real connection's client sends FIN, the server ACKs it: FIN_WAIT_2 / CLOSE_WAIT
 * </pre>
 * Flow {@code j}'s first packet is at {@link FloodCapture#flowStartMicros}. Not thread safe; one generator per
 * thread.
 */
public final class FloodGenerator
{
    /** Distinct flood sources: one per address of 10.0.0.0/8. */
    public static final long MAX_SOURCES = 1L << 24;

    private static final int SNAP_LENGTH = 96;
    private static final int SERVER = 0xC6_33_64_50;          // 198.51.100.80
    private static final int SERVER_PORT = 8080;
    private static final int REAL_CLIENT = 0xC0_00_02_0A;     // 192.0.2.10
    private static final int REAL_PORT = 40000;
    private static final int FINISHED_CLIENT = 0xC0_00_02_14; // 192.0.2.20
    private static final int IDLE_CLIENT = 0xC0_00_02_1E;     // 192.0.2.30
    private static final int PRECURSOR_PORT = 41000;
    private static final int FLOOD_NET = 0x0A_00_00_00;        // 10.0.0.0/8
    private static final int REQUEST = 100;
    private static final int RESPONSE = 300;
    private static final int FLOOD_REQUEST = 64;
    private static final int WINDOW = 502;
    private static final int FLOOD_WINDOW = 1024;
    private static final int PSH = 0x08;

    private final FloodOptions options;
    private final PcapWriter writer;
    private final FrameEncoder encoder = new FrameEncoder(SNAP_LENGTH);
    private final TcpSegment segment = new TcpSegment();
    private final Connection real;
    private final Connection flow = new Connection();
    private final long gapMicros;
    private long now;
    private long packets;

    private FloodGenerator(final FloodOptions options, final PcapWriter writer)
    {
        this.options = options;
        this.writer = writer;
        this.gapMicros = gapMicros(options.packetsPerSecond);
        this.real = connection(REAL_CLIENT, REAL_PORT, 0x1000_0000, 0x2000_0000);
    }

    /**
     * Writes {@code -o FILE}, printing a summary. Exit 2 on a usage error.
     *
     * @param args see {@link FloodOptions#usage()}.
     * @throws IOException if the file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final FloodOptions options;
        try
        {
            options = FloodOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("FloodGenerator: " + ex.getMessage());
            System.err.println(FloodOptions.usage());
            System.exit(2);
            return;
        }
        final long startNs = System.nanoTime();
        final FloodCapture capture = generate(options);
        if (options.verbose)
        {
            System.out.print(capture.summary((System.nanoTime() - startNs) / 1e9));
        }
    }

    /**
     * @param options what to write; {@code options.output} must be set.
     * @return what the file holds.
     * @throws IOException if it cannot be written.
     */
    public static FloodCapture generate(final FloodOptions options) throws IOException
    {
        options.validate();
        final Path output = options.output.toAbsolutePath();
        if (output.getParent() != null)
        {
            Files.createDirectories(output.getParent());
        }
        try (PcapWriter writer = new PcapWriter(output, SNAP_LENGTH))
        {
            return new FloodGenerator(options, writer).run(output);
        }
    }

    /** @return packets each flood flow sends in {@code mode}. */
    static long packetsPerFlow(final String mode)
    {
        return FloodOptions.MODE_SYN.equals(mode) ? 1 : 4;
    }

    /** Capture-time spacing of flood packets; the real connection's exchanges fit in between (3 packets, 1 µs). */
    static long gapMicros(final double packetsPerSecond)
    {
        return Math.max(4, Math.round(1e6 / packetsPerSecond));
    }

    private FloodCapture run(final Path output) throws IOException
    {
        final long start = options.startEpochSeconds * 1_000_000L;
        now = start;
        handshake(real, FrameEncoder.OPTS_SYN);
        exchange(real, 10);
        for (int i = 0; i < options.finished; i++)
        {
            final Connection c = connection(FINISHED_CLIENT, PRECURSOR_PORT + i, 0x3000_0000 + i, 0x4000_0000 + i);
            handshake(c, FrameEncoder.OPTS_SYN);
            send(c, true, TcpSegment.FIN | TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 10);
            send(c, false, TcpSegment.FIN | TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 10);
            send(c, true, TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 10);
        }
        for (int i = 0; i < options.established; i++)
        {
            final Connection c = connection(IDLE_CLIENT, PRECURSOR_PORT + i, 0x5000_0000 + i, 0x6000_0000 + i);
            handshake(c, FrameEncoder.OPTS_SYN);
            send(c, true, PSH | TcpSegment.ACK, REQUEST, FrameEncoder.OPTS_TS, 10);
            send(c, false, TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 10);
        }

        final long floodStart = Math.max(start, now) + 1_000_000L;
        final boolean synOnly = FloodOptions.MODE_SYN.equals(options.mode);
        final long perFlow = packetsPerFlow(options.mode);
        final long flows = (options.packets + perFlow - 1) / perFlow;
        long k = 0;
        for (long j = 0; j < flows && k < options.packets; j++)
        {
            floodFlow(j);
            for (int p = 0; p < perFlow && k < options.packets; p++, k++)
            {
                now = floodStart + k * gapMicros;
                floodPacket(p, synOnly);
                if ((k + 1) % options.exchangeEvery == 0)
                {
                    exchange(real, 1);
                }
            }
        }
        now = floodStart + (k - 1) * gapMicros + options.quietAfterMicros;
        send(real, true, TcpSegment.FIN | TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 0);
        send(real, false, TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 10);
        return new FloodCapture(output, options, packets, k, flows, gapMicros, floodStart, real.clientPackets,
            real.serverPackets, real.clientBytes, real.serverBytes);
    }

    /** Sets {@link #flow} to flood flow {@code j}: its own source address, a port and ISNs from the seed. */
    private void floodFlow(final long j)
    {
        final long mixed = mix(options.seed ^ j * 0x9E3779B97F4A7C15L);
        reset(flow, floodAddress(options.seed, j), floodPort(mixed), (int)mixed, (int)(mixed >>> 20));
        flow.clientTtl = 40 + (int)(mixed >>> 58);
    }

    /** Flow j's source: an odd multiplier and an offset permute the 2^24 addresses of 10.0.0.0/8. */
    static int floodAddress(final long seed, final long j)
    {
        return FLOOD_NET | (int)((j * 0x9E3779B1L + seed) & 0xFF_FFFF);
    }

    static int floodPort(final long mixed)
    {
        return 1024 + (int)((mixed >>> 40) % 64512);
    }

    /** @return flow j's client endpoint as wirestat writes it. */
    static String floodClient(final long seed, final long j)
    {
        final int a = floodAddress(seed, j);
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255) + ":" +
            floodPort(mix(seed ^ j * 0x9E3779B97F4A7C15L));
    }

    private void floodPacket(final int p, final boolean synOnly) throws IOException
    {
        if (synOnly)
        {
            send(flow, true, TcpSegment.SYN, 0, FrameEncoder.OPTS_NONE, 0);
            return;
        }
        switch (p)
        {
            case 0 -> send(flow, true, TcpSegment.SYN, 0, FrameEncoder.OPTS_SYN, 0);
            case 1 -> send(flow, false, TcpSegment.SYN | TcpSegment.ACK, 0, FrameEncoder.OPTS_SYN, 0);
            case 2 -> send(flow, true, PSH | TcpSegment.ACK, FLOOD_REQUEST, FrameEncoder.OPTS_TS, 0);
            default -> send(flow, false, TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 0);
        }
    }

    private void handshake(final Connection c, final int options) throws IOException
    {
        send(c, true, TcpSegment.SYN, 0, options, 10);
        send(c, false, TcpSegment.SYN | TcpSegment.ACK, 0, options, 10);
        send(c, true, TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, 10);
    }

    /** A request, its response (acknowledging it), the client's ACK; {@code step} µs apart. */
    private void exchange(final Connection c, final long step) throws IOException
    {
        send(c, true, PSH | TcpSegment.ACK, REQUEST, FrameEncoder.OPTS_TS, step);
        send(c, false, PSH | TcpSegment.ACK, RESPONSE, FrameEncoder.OPTS_TS, step);
        send(c, true, TcpSegment.ACK, 0, FrameEncoder.OPTS_TS, step);
    }

    /**
     * Writes one segment at {@link #now} (then advances it by {@code step} µs), with the sender's next sequence
     * number and, with ACK, the receiver's.
     */
    private void send(
        final Connection c, final boolean fromClient, final int flags, final int payload, final int optionsKind,
        final long step) throws IOException
    {
        now += step;
        final int seq = fromClient ? c.clientNext : c.serverNext;
        final int ack = (flags & TcpSegment.ACK) == 0 ? 0 : fromClient ? c.serverNext : c.clientNext;
        final int advance = payload + ((flags & (TcpSegment.SYN | TcpSegment.FIN)) != 0 ? 1 : 0);
        final int window = c == flow && fromClient ? FLOOD_WINDOW : WINDOW;
        final int captured = encoder.encode(c, fromClient, flags, seq, ack, payload, optionsKind, window,
            payload == 0 ? FrameEncoder.PAYLOAD_CONTINUATION : FrameEncoder.PAYLOAD_REQUEST, now * 1000L, segment);
        segment.frameNumber = ++packets;
        writer.onPacket(segment, encoder.scratch(), 0, captured, FrameEncoder.wireLength(segment, fromClient));
        if (fromClient)
        {
            c.clientNext += advance;
            c.clientPackets++;
            c.clientBytes += payload;
        }
        else
        {
            c.serverNext += advance;
            c.serverPackets++;
            c.serverBytes += payload;
        }
    }

    private static Connection connection(final int client, final int port, final int clientIsn, final int serverIsn)
    {
        final Connection c = new Connection();
        reset(c, client, port, clientIsn, serverIsn);
        return c;
    }

    private static void reset(
        final Connection c, final int client, final int port, final int clientIsn, final int serverIsn)
    {
        c.clientHi = 0;
        c.clientLo = FrameEncoder.v4Mapped(client);
        c.serverHi = 0;
        c.serverLo = FrameEncoder.v4Mapped(SERVER);
        c.clientPort = port;
        c.serverPort = SERVER_PORT;
        c.ipv6 = false;
        c.flowHash = FlowHash.of(c.clientHi, c.clientLo, c.clientPort, c.serverHi, c.serverLo, c.serverPort, 0);
        c.clientTtl = 64;
        c.segmentPayload = 1448;
        c.clientIsn = clientIsn;
        c.serverIsn = serverIsn;
        c.clientNext = clientIsn;
        c.serverNext = serverIsn;
        c.clientTsBase = clientIsn >>> 8;
        c.serverTsBase = serverIsn >>> 8;
        c.clientPackets = 0;
        c.serverPackets = 0;
        c.clientBytes = 0;
        c.serverBytes = 0;
    }

    /** SplitMix64's finaliser. */
    private static long mix(final long v)
    {
        long z = v;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
