package io.wirestat.bench.tracker;

import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.TcpSegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Tracker cost per segment on a busy server's steady state: {@link TcpTracker#onSegment} fed the first 1 Mi
 * segments of a generated capture (~50 k connections through full lifecycles: handshakes with options,
 * request/response bursts, every kind of close, unanswered and refused SYNs, port reuse), into a tracker whose flow
 * table already holds {@code idleConnections} established connections (keep-alive clients that send nothing).
 * <p>
 * Each iteration is one pass with a fresh tracker (built and preloaded in {@code @Setup(Level.Iteration)}, not
 * measured), so every pass sees the same lifecycles from their first SYN; hence single-shot mode, one invocation
 * per iteration. Score is ns per segment; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per segment
 * (table growth included when {@code presized=false}). One JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TcpTrackerBenchmark
{
    /** Segments per pass. */
    public static final int SEGMENTS = 1 << 20;

    /** Established connections preloaded before each pass: the big, mostly idle part of the flow table. */
    @Param({"200000"})
    public int idleConnections;

    /** true: initial capacity fits everything (steady state); false: default capacity, growth measured too. */
    @Param({"true"})
    public boolean presized;

    private TcpSegment[] segments;
    private long streamConnections;
    private long streamStartNanos;
    private final TcpSegment scratch = new TcpSegment();
    private TcpTracker tracker;

    /** Builds the segment stream once. */
    @Setup(Level.Trial)
    public void buildStream()
    {
        final SegmentStream stream = SegmentStream.generate(SEGMENTS, 42L);
        segments = stream.segments;
        streamConnections = stream.connections;
        streamStartNanos = segments[0].timestampNanos;
    }

    /** A fresh tracker for each pass, holding the idle connections already. */
    @Setup(Level.Iteration)
    public void freshTracker()
    {
        final TrackerConfig config = new TrackerConfig();
        if (presized)
        {
            // Open addressing wants some slack: a power of two at least twice the connections it will hold.
            final long needed = 2 * (idleConnections + streamConnections);
            config.initialCapacity(Math.max(16, Integer.highestOneBit((int)Math.min(needed, 1 << 30) - 1) << 1));
        }
        tracker = new TcpTracker(config);
        // Idle connections were opened in the ten minutes before the stream starts.
        SyntheticHandshakes.establish(tracker, idleConnections, streamStartNanos - 600_000_000_000L, scratch);
    }

    /** Feeds one pass of the stream. */
    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public TcpTracker feed()
    {
        final TcpTracker tracker = this.tracker;
        for (final TcpSegment segment : segments)
        {
            tracker.onSegment(segment);
        }
        return tracker;
    }

    /** Says so when the tracker did not see the connections it was given (a stub, or a bug). */
    @TearDown(Level.Iteration)
    public void check()
    {
        final long seen = tracker.counter(TrackerCounter.CONNECTIONS);
        final long expected = idleConnections + streamConnections;
        if (seen != expected)
        {
            System.out.println("TcpTrackerBenchmark: WARNING tracker counted " + seen + " connections, expected " +
                expected + ": the score may not measure a working tracker");
        }
    }
}
