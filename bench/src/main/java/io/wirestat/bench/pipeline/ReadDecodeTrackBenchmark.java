package io.wirestat.bench.pipeline;

import io.wirestat.bench.gen.CaptureGenerator;
import io.wirestat.bench.gen.GeneratorOptions;
import io.wirestat.bench.tracker.SyntheticHandshakes;
import io.wirestat.capture.file.CaptureFile;
import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.file.FrameHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.FrameDecoder;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.decode.TcpSegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The whole per-packet path on one thread, in steady state: the pcap reader (its read window) walks a generated
 * header-only capture, {@link FrameDecoder} decodes each frame in place, and one {@link TcpTracker} that already
 * holds {@code idleConnections} established connections tracks it. Reports ns per packet (one pass over the file
 * per iteration, into a fresh tracker built outside the measurement); {@code -prof gc} gives bytes per
 * packet. The floor: 12 M segments/s (83 ns each) with at least 500 000 live connections.
 * <pre>
 * java -jar bench/target/benchmarks.jar ReadDecodeTrackBenchmark -prof gc
 * </pre>
 * The capture (2 M packets, snap length 128, seed 42) is generated once into the temporary directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g"})
public class ReadDecodeTrackBenchmark
{
    /** Packets in the generated capture. */
    public static final int PACKETS = 2_000_000;
    /** When the idle connections start: just before the capture (2024-06-03T12:00:00Z, the generator's default). */
    static final long IDLE_START_NANOS = 1_717_415_990_000_000_000L;

    @Param("500000")
    public int idleConnections;

    private CaptureFile file;
    private TcpTracker tracker;
    private final TcpSegment segment = new TcpSegment();
    private final FrameDecoder decoder = new FrameDecoder();
    private final FrameHandler handler = this::onFrame;
    private long frames;

    /** Generates the capture (once per machine) and opens it. */
    @Setup(Level.Trial)
    public void openCapture() throws IOException
    {
        file = CaptureFiles.open(capture());
    }

    /** @return the generated capture, made once per machine in the temporary directory. */
    static Path capture() throws IOException
    {
        final Path path = Path.of(System.getProperty("java.io.tmpdir"), "wirestat-jmh-" + PACKETS + ".pcap");
        if (!Files.exists(path))
        {
            final GeneratorOptions options = new GeneratorOptions();
            options.packets = PACKETS;
            options.connections = PACKETS / 20;
            options.snapLength = 128;
            options.verbose = false;
            final Path tmp = Files.createTempFile(path.getParent(), "wirestat-jmh", ".pcap");
            options.output = tmp;
            CaptureGenerator.generateFile(options);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return path;
    }

    /** A fresh tracker holding the idle connections, built before each iteration (not measured). */
    @Setup(Level.Iteration)
    public void freshTracker()
    {
        tracker = trackerHolding(idleConnections);
    }

    /**
     * @param idle established connections to hold.
     * @return a tracker with them, started just before the capture.
     */
    static TcpTracker trackerHolding(final int idle)
    {
        final TcpTracker tracker = new TcpTracker(new TrackerConfig());
        SyntheticHandshakes.establish(tracker, idle, IDLE_START_NANOS, new TcpSegment());
        return tracker;
    }

    /** Checks the pass saw every packet. */
    @TearDown(Level.Iteration)
    public void check()
    {
        if (tracker.counter(TrackerCounter.SEGMENTS) < idleConnections * 3L)
        {
            throw new IllegalStateException("tracker saw too few segments");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        file.close();
    }

    /** Reads, decodes and tracks one pass over the capture. @return frames read (so the JIT keeps the work). */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(PACKETS)
    public long pass()
    {
        frames = 0;
        file.readAll(handler);
        return frames;
    }

    private void onFrame(
        final ByteBuffer buffer, final int offset, final int captured, final int wire, final long ts, final int link)
    {
        frames++;
        decodeAndTrack(decoder, segment, tracker, buffer, offset, captured, wire, ts, link);
    }

    /** The per-packet work measured: decode one frame in place and track it (small: C2 inlines it). */
    @SuppressWarnings("checkstyle:ParameterNumber")
    static void decodeAndTrack(
        final FrameDecoder decoder, final TcpSegment segment, final TcpTracker tracker, final ByteBuffer buffer,
        final int offset, final int captured, final int wire, final long ts, final int link)
    {
        if (decoder.decode(buffer, offset, captured, wire, link, segment) == SkipReason.OK)
        {
            segment.timestampNanos = ts;
            tracker.onSegment(segment);
        }
    }
}
