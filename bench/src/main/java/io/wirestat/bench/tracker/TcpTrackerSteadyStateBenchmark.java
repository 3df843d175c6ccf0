package io.wirestat.bench.tracker;

import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.decode.TcpSegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The tracker's hot path in steady state, for {@code -prof gc}: one long-lived tracker whose table is capped below the
 * stream's connection count, so records are evicted and their ids reused and the table never grows; the stream is
 * replayed round and round. Every allocation {@code gc.alloc.rate.norm} reports is then the hot path's own, per
 * segment ({@link TcpTrackerBenchmark} builds a fresh tracker per pass, which its single-shot gc figure includes).
 * On each replay the same 4-tuples come back, as SYN retransmissions on closed records or as new records: state work
 * differs a little from the first pass, allocation behaviour does not.
 * <pre>
 * java -jar bench/target/benchmarks.jar TcpTrackerSteadyStateBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TcpTrackerSteadyStateBenchmark
{
    /** Segments fed per benchmark invocation. */
    public static final int BATCH = 1024;

    private TcpSegment[] segments;
    private TcpTracker tracker;
    private int next;

    /** Builds the stream and a capped tracker that has already seen it once (its arrays at their final size). */
    @Setup
    public void setUp()
    {
        final SegmentStream stream = SegmentStream.generate(1 << 20, 42L);
        segments = stream.segments;
        tracker = new TcpTracker(new TrackerConfig().initialCapacity(1 << 15).maxConnections(1 << 15));
        for (final TcpSegment segment : segments)
        {
            tracker.onSegment(segment);
        }
    }

    /** Feeds the next {@value #BATCH} segments, wrapping around the stream. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public TcpTracker feed()
    {
        final TcpSegment[] segments = this.segments;
        final TcpTracker tracker = this.tracker;
        int i = next;
        for (int k = 0; k < BATCH; k++)
        {
            tracker.onSegment(segments[i]);
            if (++i == segments.length)
            {
                i = 0;
            }
        }
        next = i;
        return tracker;
    }
}
