package io.wirestat.capture.live;

import com.lmax.disruptor.SleepingWaitStrategy;
import io.wirestat.capture.analysis.SegmentPublisher;
import io.wirestat.capture.file.CaptureFault;
import io.wirestat.capture.file.CaptureFile;
import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.file.FrameHandler;
import io.wirestat.capture.file.ReadResult;
import io.wirestat.capture.filter.PacketFilter;
import io.wirestat.capture.pipeline.SnapshotRequest;
import io.wirestat.capture.pipeline.TrackerPipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A capture stream as a live source ({@code wirestat live -r FILE|-}): a pcap or pcapng stream (a pipe from
 * {@code tcpdump -U -w -}, standard input, a file, or with {@code follow} a file another process is still writing)
 * read with the same parsers as {@code analyze}, through the same decoder, ring and shards, with timers on the
 * packets' own time.
 * <pre>
 *  reading thread: stream ─▶ parser ─▶ (filter) decode ─▶ publish (waits for a slot: a stream is never dropped from)
 *                  a packet past the next --interval boundary of packet time: snapshot as of that boundary ─▶ rows
 *  any thread:     {@link #snapshot} while the stream is idle: as of the newest packet ─▶ same path
 * </pre>
 * The ring has one producer, the reading thread: a snapshot asked for from another thread is queued, and answered
 * by the reading thread between two packets or while it waits for the stream (an I/O thread of the {@link StreamGate}
 * does the blocking reads, so the reading thread never blocks in the stream). The queue of requests
 * ({@link SnapshotQueue}), the {@code -w} copy ({@link StreamCopy}) and the final totals ({@link ShardTotals}) are
 * classes of their own.
 * <p>
 * Threading: {@link #run()} on one dedicated thread; {@link #stop()}, {@link #nextRow} and {@link #snapshot} from any
 * thread; {@link #finish()} once after {@link #run()} returned.
 */
public final class StreamPacketSource implements AutoCloseable
{
    /** Busy-wait and yield rounds of an idle shard before it parks. */
    private static final int SHARD_SPINS = 200;
    /** How long an idle shard parks. */
    private static final long SHARD_PARK_NANOS = 1_000_000L;
    /** How long a row waits for the shards' answer. */
    private static final long ROW_WAIT_MILLIS = 60_000;

    private final String name;
    private final StreamGate gate;
    private final CaptureFile file;
    private final TrackerPipeline pipeline;
    private final SegmentPublisher publisher;
    private final SnapshotQueue snapshots;
    private final LinkedBlockingQueue<SnapshotAnswer> rows = new LinkedBlockingQueue<>();
    private final long intervalNanos;
    private final long limit;
    /** The -w copy, or null. */
    private final StreamCopy copy;
    private long nextBoundary = Long.MIN_VALUE;
    private volatile boolean running = true;
    private CaptureFault fault;
    private Exception failure;

    private StreamPacketSource(
        final String name, final StreamGate gate, final CaptureFile file, final LiveOptions options,
        final PacketFilter filter, final long intervalNanos)
    {
        this.name = name;
        this.gate = gate;
        this.file = file;
        this.intervalNanos = intervalNanos;
        this.limit = options.count > 0 ? options.count : Long.MAX_VALUE;
        this.copy = options.writeFile == null ? null : new StreamCopy(options.writeFile);
        // Sleeping shards, as live: a quiet pipe must not burn a core per shard.
        this.pipeline = new TrackerPipeline(options.shards, options.ringSize, options.tracker,
            new SleepingWaitStrategy(SHARD_SPINS, SHARD_PARK_NANOS));
        // Waiting for a slot, as offline: a stream holds its packets until read, so none need be dropped.
        this.publisher = new SegmentPublisher(filter, pipeline, false);
        // Answered as of the newest packet, whatever time was asked: a stream's clock is its packets'.
        this.snapshots = new SnapshotQueue(asOf -> publisher.frames() == 0 ? null : request(publisher.lastNanos()));
        gate.whileWaiting(snapshots::serve);
    }

    /**
     * Opens the stream and reads its header (blocking until it arrives, or with {@code follow} until it is written).
     *
     * @param name     what to call it ({@code -} for standard input, else the file).
     * @param in       the stream, owned from now on.
     * @param follow   whether the end of the stream is waited past, as {@code tail -f} does, until {@link #stop()}.
     * @param options  count, -w file, pipeline and tracker settings (device, snaplen, buffer are not used).
     * @param interval packet time between rows.
     * @return the source.
     * @throws IOException if the stream is not a capture, or the filter does not compile (exit 2).
     */
    public static StreamPacketSource open(
        final String name, final InputStream in, final boolean follow, final LiveOptions options,
        final java.time.Duration interval) throws IOException
    {
        final PacketFilter filter = PacketFilter.compile(options.filter);
        final StreamGate gate = new StreamGate(in, follow);
        final CaptureFile file = CaptureFiles.open(gate, name);
        return new StreamPacketSource(name, gate, file, options, filter, Math.max(interval.toNanos(), 1L));
    }

    /**
     * @param path a file, or {@code -} for standard input.
     * @return the stream to read.
     * @throws IOException if the file cannot be opened.
     */
    public static InputStream streamOf(final Path path) throws IOException
    {
        return CaptureFiles.isStandardInput(path) ? CaptureFiles.standardInput() : Files.newInputStream(path);
    }

    /** @return the stream's name. */
    public String name()
    {
        return name;
    }

    /** @return e.g. "pcap", "pcapng (gzip)". */
    public String format()
    {
        return file.format();
    }

    /** Reads the stream to its end (or {@link #stop()}, or the packet count). Call on a dedicated thread. */
    public void run()
    {
        try
        {
            final ReadResult result = file.readAll(new Frames());
            if (running && result.fault() != null)
            {
                fault = result.fault();
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        finally
        {
            running = false;
            snapshots.end();
        }
    }

    /** Ends the read: at once if it waits for data (the stream is closed under it). Thread safe. */
    public void stop()
    {
        running = false;
        gate.stop();
    }

    /** @return the fault that ended the stream early (cut mid-record, corrupt), or null. */
    public CaptureFault fault()
    {
        return fault;
    }

    /** @return an unexpected error that ended the read, or null. */
    public Exception failure()
    {
        return failure;
    }

    /** @return whether {@link #run()} has returned. */
    public boolean ended()
    {
        return snapshots.ended();
    }

    /**
     * The next row made by the reading thread at an --interval boundary of packet time.
     *
     * @param timeoutNanos how long to wait for one.
     * @return the row's status, or null if none came in time.
     * @throws InterruptedException if interrupted.
     */
    public LiveStatus nextRow(final long timeoutNanos) throws InterruptedException
    {
        final SnapshotAnswer row = rows.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        return row == null ? null : row.await(ROW_WAIT_MILLIS);
    }

    /**
     * A snapshot as of the newest packet, taken now from any thread: answered by the reading thread between two
     * packets, or while it waits for data.
     *
     * @param timeoutMillis how long to wait for the reading thread and the shards.
     * @return the status, or null when there is no packet yet, the read ended, or no answer came in time.
     * @throws InterruptedException if interrupted.
     */
    public LiveStatus snapshot(final long timeoutMillis) throws InterruptedException
    {
        // No time to ask for: the answer is as of the newest packet when the reading thread serves it.
        final SnapshotAnswer row = snapshots.ask(0, timeoutMillis);
        return row == null ? null : row.await(ROW_WAIT_MILLIS);
    }

    /**
     * After {@link #run()} returned: lets the shards track everything, then reports as of the newest packet.
     *
     * @return the final status.
     */
    public LiveStatus finish()
    {
        pipeline.drainAndStop();
        final long asOf = publisher.frames() == 0 ? 0 : publisher.lastNanos();
        final ShardTotals shards = new ShardTotals(pipeline, asOf);
        return new LiveStatus(asOf, startNanos(), publisher.frames(), publisher.filteredOut(),
            SnapshotAnswer.decoderCounts(publisher), publisher.ringOverflow(), PcapStats.NONE, shards.connections(),
            shards.trackerCounters(), pipeline.exceptions().failures(), writeErrors(), 0, 0,
            shards.connectionEvents());
    }

    @Override
    public void close()
    {
        pipeline.close();
        try
        {
            file.close();
        }
        catch (final IOException ignored)
        {
            // Read only: nothing is lost.
        }
        if (copy != null)
        {
            copy.close();
        }
    }

    private long startNanos()
    {
        return publisher.frames() == 0 ? 0 : publisher.firstNanos();
    }

    private long writeErrors()
    {
        return copy == null ? 0 : copy.errors();
    }

    /** Producer side of a snapshot, on the reading thread: its counters, and the request through the ring. */
    private SnapshotAnswer request(final long asOfNanos)
    {
        pipeline.flush();
        final SnapshotRequest request = pipeline.publishSnapshotRequest(asOfNanos);
        return new SnapshotAnswer(request, startNanos(), publisher.frames(), publisher.filteredOut(),
            SnapshotAnswer.decoderCounts(publisher), publisher.ringOverflow(), PcapStats.NONE,
            pipeline.exceptions().failures(), writeErrors(), 0, 0);
    }

    /** Each frame of the stream, on the reading thread. */
    private final class Frames implements FrameHandler
    {
        @Override
        public void onFrame(final ByteBuffer buffer, final int offset, final int captured, final int wire,
            final long nanos, final int linkType)
        {
            if (snapshots.waiting())
            {
                snapshots.serve();
            }
            if (publisher.frames() >= limit || !running)
            {
                // -c reached, or stopped: the rest of the window is not part of the capture.
                return;
            }
            if (nextBoundary == Long.MIN_VALUE)
            {
                nextBoundary = nanos + intervalNanos;
            }
            else if (nanos >= nextBoundary)
            {
                // Every packet before the boundary is in the ring: a row as of the last boundary this one passed.
                final long boundary = nextBoundary + (nanos - nextBoundary) / intervalNanos * intervalNanos;
                rows.add(request(boundary));
                nextBoundary = boundary + intervalNanos;
            }
            publisher.onFrame(buffer, offset, captured, wire, nanos, linkType);
            if (copy != null)
            {
                copy.write(buffer, offset, captured, wire, nanos, linkType);
            }
            if (publisher.frames() >= limit)
            {
                running = false;
                gate.stop();
            }
        }
    }
}
