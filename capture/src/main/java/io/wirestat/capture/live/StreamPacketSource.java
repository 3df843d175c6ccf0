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
import io.wirestat.capture.pipeline.TrackerShardHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.report.ConnectionRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
 * by the reading thread between two packets or while it waits for the stream (an I/O thread of the {@link Gate} does
 * the blocking reads, so the reading thread never blocks in the stream).
 * <p>
 * Threading: {@link #run()} on one dedicated thread; {@link #stop()}, {@link #nextRow} and {@link #snapshot} from any
 * thread; {@link #finish()} once after {@link #run()} returned.
 */
public final class StreamPacketSource implements AutoCloseable
{
    /** How long a followed file is left before looking for more data: {@code tail -f}'s cadence, finer. */
    private static final long FOLLOW_POLL_NANOS = 50_000_000L;
    /** Busy-wait and yield rounds of an idle shard before it parks. */
    private static final int SHARD_SPINS = 200;
    /** How long an idle shard parks. */
    private static final long SHARD_PARK_NANOS = 1_000_000L;
    /** Snap length of the -w copy (the stream's own is not known before its header; records are kept whole). */
    private static final int WRITE_SNAPLEN = 262_144;

    private final String name;
    private final Gate gate;
    private final CaptureFile file;
    private final TrackerPipeline pipeline;
    private final SegmentPublisher publisher;
    private final java.util.concurrent.ConcurrentLinkedQueue<java.util.concurrent.CompletableFuture<Row>> pending =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean pendingRequests;
    private final LinkedBlockingQueue<Row> rows = new LinkedBlockingQueue<>();
    private final long intervalNanos;
    private final long limit;
    private final Path writePath;
    private LivePcapWriter writer;
    private int writerLinkType = -1;
    private byte[] writeScratch = new byte[0];
    private long writeErrors;
    private long nextBoundary = Long.MIN_VALUE;
    private volatile boolean running = true;
    private volatile boolean ended;
    private CaptureFault fault;
    private Exception failure;

    private StreamPacketSource(
        final String name, final Gate gate, final CaptureFile file, final LiveOptions options,
        final PacketFilter filter, final long intervalNanos)
    {
        this.name = name;
        this.gate = gate;
        this.file = file;
        this.intervalNanos = intervalNanos;
        this.limit = options.count > 0 ? options.count : Long.MAX_VALUE;
        this.writePath = options.writeFile;
        // Sleeping shards, as live: a quiet pipe must not burn a core per shard.
        this.pipeline = new TrackerPipeline(options.shards, options.ringSize, options.tracker,
            new SleepingWaitStrategy(SHARD_SPINS, SHARD_PARK_NANOS));
        // Waiting for a slot, as offline: a stream holds its packets until read, so none need be dropped.
        this.publisher = new SegmentPublisher(filter, pipeline, false);
        gate.owner = this;
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
        final Gate gate = new Gate(in, follow);
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
            ended = true;
            java.util.concurrent.CompletableFuture<Row> future;
            while ((future = pending.poll()) != null)
            {
                future.complete(null);
            }
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
        return ended;
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
        final Row row = rows.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        return row == null ? null : row.await();
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
        if (ended)
        {
            return null;
        }
        final java.util.concurrent.CompletableFuture<Row> future = new java.util.concurrent.CompletableFuture<>();
        pending.add(future);
        pendingRequests = true;
        if (ended)
        {
            pending.remove(future);
            return null;
        }
        try
        {
            final Row row = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return row == null ? null : row.await();
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex)
        {
            return null;
        }
    }

    /** On the reading thread: answers the snapshot requests queued (cold: a few per second at most). */
    private void serveRequests()
    {
        if (!pendingRequests)
        {
            return;
        }
        pendingRequests = false;
        java.util.concurrent.CompletableFuture<Row> future;
        while ((future = pending.poll()) != null)
        {
            future.complete(publisher.frames() == 0 ? null : request(publisher.lastNanos()));
        }
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
        final List<ConnectionRecord> connections = new ArrayList<>();
        final long[] trackerCounters = new long[TrackerCounter.COUNT];
        final List<TcpTracker> trackers = new ArrayList<>();
        for (final TrackerShardHandler shard : pipeline.shards())
        {
            final TcpTracker tracker = shard.tracker();
            trackers.add(tracker);
            tracker.snapshot(Math.max(asOf, tracker.latestTimestampNanos()), connections::add);
            for (int c = 0; c < TrackerCounter.COUNT; c++)
            {
                trackerCounters[c] += tracker.counter(c);
            }
        }
        return new LiveStatus(asOf, startNanos(), publisher.frames(), publisher.filteredOut(), decoderCounts(),
            publisher.ringOverflow(), PcapStats.NONE, LiveStatus.sorted(connections), trackerCounters,
            pipeline.exceptions().failures(), writeErrors, 0, 0, LiveStatus.connectionEvents(trackers));
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
        if (writer != null)
        {
            try
            {
                writer.close();
            }
            catch (final IOException ex)
            {
                writeErrors++;
            }
        }
    }

    private long startNanos()
    {
        return publisher.frames() == 0 ? 0 : publisher.firstNanos();
    }

    /** Producer side of a snapshot, on the reading thread: its counters, and the request through the ring. */
    private Row request(final long asOfNanos)
    {
        pipeline.flush();
        final SnapshotRequest request = pipeline.publishSnapshotRequest(asOfNanos);
        return new Row(request, startNanos(), publisher.frames(), publisher.filteredOut(), decoderCounts(),
            publisher.ringOverflow(), pipeline.exceptions().failures(), writeErrors);
    }

    private long[] decoderCounts()
    {
        final long[] counts = new long[SkipReason.COUNT];
        for (int r = 0; r < SkipReason.COUNT; r++)
        {
            counts[r] = publisher.decoder().count(r);
        }
        return counts;
    }

    private void write(final ByteBuffer buffer, final int offset, final int captured, final int wire,
        final long nanos, final int linkType)
    {
        try
        {
            if (writer == null)
            {
                writer = new LivePcapWriter(writePath, linkType, WRITE_SNAPLEN);
                writerLinkType = linkType;
            }
            if (linkType != writerLinkType)
            {
                // A pcap file holds one link type; a pcapng stream may mix them. Counted, never hidden.
                writeErrors++;
                return;
            }
            if (captured > writeScratch.length)
            {
                writeScratch = new byte[Math.max(captured, 4096)];
            }
            buffer.get(offset, writeScratch, 0, captured);
            writer.write(writeScratch, captured, wire, nanos);
        }
        catch (final IOException ex)
        {
            writeErrors++;
        }
    }

    /** Each frame of the stream, on the reading thread. */
    private final class Frames implements FrameHandler
    {
        @Override
        public void onFrame(final ByteBuffer buffer, final int offset, final int captured, final int wire,
            final long nanos, final int linkType)
        {
            if (pendingRequests)
            {
                serveRequests();
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
            if (writePath != null)
            {
                write(buffer, offset, captured, wire, nanos, linkType);
            }
            if (publisher.frames() >= limit)
            {
                running = false;
                gate.stop();
            }
        }
    }

    /** A snapshot asked for, with the reading thread's counters at that point. */
    private final class Row
    {
        final SnapshotRequest request;
        final long start;
        final long frames;
        final long filteredOut;
        final long[] decoder;
        final long ringOverflow;
        final long failures;
        final long writeErrors;

        Row(final SnapshotRequest request, final long start, final long frames, final long filteredOut,
            final long[] decoder, final long ringOverflow, final long failures, final long writeErrors)
        {
            this.request = request;
            this.start = start;
            this.frames = frames;
            this.filteredOut = filteredOut;
            this.decoder = decoder;
            this.ringOverflow = ringOverflow;
            this.failures = failures;
            this.writeErrors = writeErrors;
        }

        LiveStatus await() throws InterruptedException
        {
            if (!request.await(60_000, TimeUnit.MILLISECONDS))
            {
                return null;
            }
            final List<ConnectionRecord> connections = LiveStatus.sorted(request.connections());
            final long[] trackerCounters = new long[TrackerCounter.COUNT];
            for (int c = 0; c < TrackerCounter.COUNT; c++)
            {
                trackerCounters[c] = request.trackerCounter(c);
            }
            return new LiveStatus(request.asOfNanos(), start, frames, filteredOut, decoder, ringOverflow,
                PcapStats.NONE, connections, trackerCounters, failures, writeErrors, 0, 0, request.connectionEvents());
        }
    }

    /**
     * The stream as the parser reads it. A thread of its own does the blocking reads into a few reused chunks, so the
     * reading thread never blocks in the stream: while it waits for a chunk it answers snapshot requests (the ring
     * has a single producer: only the reading thread may publish). Ends at {@link #stop()}; with {@code follow}
     * waits past the end of the file for more.
     */
    private static final class Gate extends InputStream
    {
        private static final int CHUNKS = 4;
        private static final int CHUNK_SIZE = 1 << 18;
        private static final long WAIT_NANOS = 1_000_000L;

        private final InputStream in;
        private final boolean follow;
        private final java.util.concurrent.ArrayBlockingQueue<Chunk> free =
            new java.util.concurrent.ArrayBlockingQueue<>(CHUNKS);
        private final java.util.concurrent.ArrayBlockingQueue<Chunk> filled =
            new java.util.concurrent.ArrayBlockingQueue<>(CHUNKS);
        private final Thread io;
        private StreamPacketSource owner;
        private Chunk current;
        private int at;
        private boolean eof;
        private IOException error;
        private volatile boolean stopped;

        Gate(final InputStream in, final boolean follow)
        {
            this.in = in;
            this.follow = follow;
            for (int i = 0; i < CHUNKS; i++)
            {
                free.add(new Chunk());
            }
            io = new Thread(this::pump, "wirestat-stream-io");
            io.setDaemon(true);
            io.start();
        }

        /** The I/O thread: blocking reads of the stream into free chunks, handed over in order. */
        private void pump()
        {
            try
            {
                while (true)
                {
                    final Chunk chunk = free.take();
                    chunk.error = null;
                    int n = -1;
                    try
                    {
                        while (!stopped)
                        {
                            n = in.read(chunk.bytes, 0, chunk.bytes.length);
                            if (n >= 0 || !follow)
                            {
                                break;
                            }
                            LockSupport.parkNanos(FOLLOW_POLL_NANOS);
                        }
                    }
                    catch (final IOException ex)
                    {
                        chunk.error = ex;
                        n = -1;
                    }
                    chunk.length = stopped ? -1 : n;
                    filled.put(chunk);
                    if (chunk.length < 0)
                    {
                        return;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        void stop()
        {
            stopped = true;
            io.interrupt();
            try
            {
                // Wakes a read blocked in a pipe (a FileChannel's read ends when the channel is closed).
                in.close();
            }
            catch (final IOException ignored)
            {
                // Closing to stop: nothing more is read either way.
            }
        }

        @Override
        public int read() throws IOException
        {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            if (len == 0)
            {
                return 0;
            }
            while (current == null || at == current.length)
            {
                if (eof || stopped)
                {
                    if (error != null && !stopped)
                    {
                        throw error;
                    }
                    return -1;
                }
                if (current != null)
                {
                    free.add(current);
                    current = null;
                }
                final Chunk next;
                try
                {
                    next = filled.poll(WAIT_NANOS, TimeUnit.NANOSECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                if (next == null)
                {
                    if (owner != null)
                    {
                        owner.serveRequests();
                    }
                    continue;
                }
                if (next.length < 0)
                {
                    eof = true;
                    error = next.error;
                    continue;
                }
                current = next;
                at = 0;
            }
            final int n = Math.min(len, current.length - at);
            System.arraycopy(current.bytes, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public void close() throws IOException
        {
            stopped = true;
            io.interrupt();
            in.close();
        }
    }

    /** A reused buffer the I/O thread fills. */
    private static final class Chunk
    {
        final byte[] bytes = new byte[Gate.CHUNK_SIZE];
        int length;
        IOException error;
    }
}
