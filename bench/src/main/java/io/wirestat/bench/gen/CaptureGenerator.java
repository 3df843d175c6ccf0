package io.wirestat.bench.gen;

import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Generates a large, realistic classic pcap deterministically from a seed: what {@code tcpdump -s 96} on a busy
 * HTTP(S) server would write. Connections arrive as a Poisson process and each plays a {@link TrafficModel}
 * script; a priority queue on next-packet time interleaves them, and timestamps strictly increase (by at least
 * 1 µs). Also callable from code with any {@link PacketSink} (the JMH benchmarks build their inputs this way).
 * Not thread safe; one generator per thread.
 */
public final class CaptureGenerator
{
    private static final Comparator<Connection> BY_TIME = (a, b) ->
        a.nextTime != b.nextTime ? Long.compare(a.nextTime, b.nextTime) : Long.compare(a.order, b.order);

    private CaptureGenerator()
    {
    }

    /**
     * Generates {@code -o FILE} and {@code FILE.truth.tsv}, printing a summary. Exit 2 on a usage error.
     *
     * @param args see {@link GeneratorOptions#usage()}.
     * @throws IOException if the file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final GeneratorOptions options;
        try
        {
            options = GeneratorOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("CaptureGenerator: " + ex.getMessage());
            System.err.println(GeneratorOptions.usage());
            System.exit(2);
            return;
        }
        generateFile(options);
    }

    /**
     * Writes the pcap and its truth file.
     *
     * @param options what to generate; {@code options.output} must be set.
     * @return the ground truth.
     * @throws IOException if a file cannot be written.
     */
    public static GroundTruth generateFile(final GeneratorOptions options) throws IOException
    {
        final Path output = options.output.toAbsolutePath();
        if (output.getParent() != null)
        {
            Files.createDirectories(output.getParent());
        }
        final long startNs = System.nanoTime();
        final GroundTruth truth;
        final long bytes;
        try (PcapWriter writer = new PcapWriter(output, options.snapLength))
        {
            truth = generate(options, writer);
        }
        bytes = Files.size(output);
        final double wallSeconds = (System.nanoTime() - startNs) / 1e9;
        final Path truthFile = Path.of(output + ".truth.tsv");
        truth.write(truthFile, options.timeWaitSeconds * 1_000_000L, options.seed);
        if (options.connectionsTruth)
        {
            truth.writeConnections(Path.of(output + ".connections.tsv"), options.timeWaitSeconds * 1_000_000L);
        }
        if (options.verbose)
        {
            printSummary(options, truth, output, bytes, wallSeconds, truthFile);
        }
        return truth;
    }

    /**
     * Generates packets into a sink.
     *
     * @param options targets, seed and rate ({@code output} is not used).
     * @param sink    receives every packet in capture order.
     * @return the ground truth, final (TIME_WAIT expiry applied).
     * @throws IOException from the sink.
     */
    public static GroundTruth generate(final GeneratorOptions options, final PacketSink sink) throws IOException
    {
        final GroundTruth truth = new GroundTruth(options.connectionsTruth);
        final long timeWaitMicros = options.timeWaitSeconds * 1_000_000L;
        final PacketEmitter emitter = new PacketEmitter(new FrameEncoder(options.snapLength), sink, truth);
        final TrafficModel model = new TrafficModel(options.seed, emitter, truth, timeWaitMicros);
        // Arrival rate such that the connection target is met when the packet target is, at the aimed rate.
        final double captureSeconds = options.packets / options.packetsPerSecond;
        final double arrivalsPerSecond = options.connections / captureSeconds;

        final PriorityQueue<Connection> queue = new PriorityQueue<>(1 << 16, BY_TIME);
        long order = 0;
        long nextArrival = options.startEpochSeconds * 1_000_000L;
        long last = nextArrival - 1;
        while (truth.packets < options.packets || truth.connections < options.connections)
        {
            final Connection due = queue.peek();
            if (due == null || nextArrival < due.nextTime)
            {
                final Connection c = model.newConnection(nextArrival);
                c.order = order++;
                queue.add(c);
                nextArrival += model.exponentialGap(arrivalsPerSecond);
                continue;
            }
            queue.poll();
            final long now = Math.max(due.nextTime, last + 1);
            last = now;
            final Connection reuse = model.step(due, now);
            if (!due.done)
            {
                due.order = order++;
                queue.add(due);
            }
            if (reuse != null)
            {
                reuse.order = order++;
                queue.add(reuse);
            }
        }
        truth.finish(timeWaitMicros);
        return truth;
    }

    private static void printSummary(
        final GeneratorOptions options, final GroundTruth truth, final Path output, final long bytes,
        final double wallSeconds, final Path truthFile)
    {
        final double captureSeconds = (truth.lastMicros() - truth.firstMicros()) / 1e6;
        final StringBuilder sb = new StringBuilder(1024);
        sb.append(String.format("wrote %s: %,d packets, %,d connections (%,d IPv6, %,d port reuses), %,d bytes%n",
            output, truth.packets(), truth.connections(), truth.ipv6Connections, truth.portReuses, bytes));
        sb.append(String.format("capture time %.1f s (%.0f packets/s), seed %d, snaplen %d%n",
            captureSeconds, truth.packets() / Math.max(captureSeconds, 1e-9), options.seed, options.snapLength));
        sb.append(String.format("generated in %.2f s wall (%.0f packets/s)%n",
            wallSeconds, truth.packets() / wallSeconds));
        sb.append(String.format("expected states as of the last packet (TIME_WAIT %d s):%n", options.timeWaitSeconds));
        sb.append(String.format("  %-12s %12s %12s%n", "state", "client", "server"));
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            final long cs = truth.clientStateCount(s);
            final long ss = truth.serverStateCount(s);
            if (cs != 0 || ss != 0)
            {
                sb.append(String.format("  %-12s %,12d %,12d%n", TcpState.name(s), cs, ss));
            }
        }
        sb.append(String.format("SYN retransmits %,d; truth written to %s%n", truth.synRetransmits, truthFile));
        System.out.print(sb);
    }
}
