package io.wirestat.bench.pipeline;

import io.wirestat.bench.tracker.SyntheticHandshakes;
import io.wirestat.capture.file.CaptureFile;
import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.file.FrameHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.decode.FrameDecoder;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.FlowTable;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@link ReadDecodeTrackBenchmark}'s pass taken apart, stage by stage, over the same capture and the same 500 000
 * idle connections, so each stage's share of the per-packet time is a difference of two measured figures rather
 * than a profiler's attribution:
 * <ul>
 *   <li>{@code read}: the pcap reader walks the records (its read window, header fields, timestamp);</li>
 *   <li>{@code decode}: and {@link FrameDecoder} decodes each frame in place (Ethernet, IP, TCP, options, hash);</li>
 *   <li>{@code lookup}: and each segment's key is found in a {@link FlowTable} holding the idle connections, or
 *       inserted: the primitive flow table a minimal pipeline has, with no state kept per connection;</li>
 *   <li>{@code track}: and {@link TcpTracker#onSegment} instead, with both endpoints' states, sequence tracking,
 *       history, counters and eviction classes: {@code ReadDecodeTrackBenchmark}'s figure.</li>
 * </ul>
 * <pre>
 * java -jar bench/target/benchmarks.jar PipelineStagesBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g"})
public class PipelineStagesBenchmark
{
    @Param({"read", "decode", "lookup", "track"})
    public String stage;

    @Param("500000")
    public int idleConnections;

    private CaptureFile file;
    private TcpTracker tracker;
    private FlowTable table;
    private final TcpSegment segment = new TcpSegment();
    private final FrameDecoder decoder = new FrameDecoder();
    private FrameHandler handler;
    private long frames;
    private long kept;

    /** Opens the capture {@link ReadDecodeTrackBenchmark} generates (generating it if this machine has none). */
    @Setup(Level.Trial)
    public void openCapture() throws IOException
    {
        file = CaptureFiles.open(ReadDecodeTrackBenchmark.capture());
        switch (stage)
        {
            case "read" -> handler = this::read;
            case "decode" -> handler = this::decode;
            case "lookup" -> handler = this::lookup;
            case "track" -> handler = this::track;
            default -> throw new IllegalArgumentException("no such stage: " + stage);
        }
    }

    /** A fresh tracker or table holding the idle connections, before each iteration (not measured). */
    @Setup(Level.Iteration)
    public void freshState()
    {
        if (stage.equals("track"))
        {
            tracker = ReadDecodeTrackBenchmark.trackerHolding(idleConnections);
        }
        else if (stage.equals("lookup"))
        {
            table = new FlowTable(16);
            final TcpSegment s = new TcpSegment();
            for (int i = 0; i < idleConnections; i++)
            {
                SyntheticHandshakes.fill(s, i, 0, ReadDecodeTrackBenchmark.IDLE_START_NANOS);
                table.insert(s.flowHash, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort, 0);
            }
        }
    }

    /** Checks the pass saw the whole capture (the generator adds a few frames to finish its connections). */
    @TearDown(Level.Iteration)
    public void check()
    {
        if (frames < ReadDecodeTrackBenchmark.PACKETS)
        {
            throw new IllegalStateException("pass read " + frames + " frames");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        file.close();
    }

    /** One pass of the stage over the capture. @return what it kept, so the JIT keeps the work. */
    @Benchmark
    @OperationsPerInvocation(ReadDecodeTrackBenchmark.PACKETS)
    public long pass()
    {
        frames = 0;
        kept = 0;
        file.readAll(handler);
        return kept;
    }

    private void read(
        final ByteBuffer buffer, final int offset, final int captured, final int wire, final long ts, final int link)
    {
        frames++;
        kept += ts + captured;
    }

    private void decode(
        final ByteBuffer buffer, final int offset, final int captured, final int wire, final long ts, final int link)
    {
        frames++;
        if (decoder.decode(buffer, offset, captured, wire, link, segment) == SkipReason.OK)
        {
            kept += segment.flowHash;
        }
    }

    private void lookup(
        final ByteBuffer buffer, final int offset, final int captured, final int wire, final long ts, final int link)
    {
        frames++;
        final TcpSegment s = segment;
        if (decoder.decode(buffer, offset, captured, wire, link, s) == SkipReason.OK)
        {
            int found = table.find(s.flowHash, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort, 0);
            if (found == FlowTable.NOT_FOUND)
            {
                found = table.insert(s.flowHash, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort, 0);
            }
            kept += found;
        }
    }

    private void track(
        final ByteBuffer buffer, final int offset, final int captured, final int wire, final long ts, final int link)
    {
        frames++;
        ReadDecodeTrackBenchmark.decodeAndTrack(decoder, segment, tracker, buffer, offset, captured, wire, ts, link);
    }
}
