package io.wirestat.capture.live;

import com.lmax.disruptor.SleepingWaitStrategy;
import io.wirestat.capture.analysis.SegmentPublisher;
import io.wirestat.capture.filter.PacketFilter;
import io.wirestat.capture.pipeline.SnapshotRequest;
import io.wirestat.capture.pipeline.TrackerPipeline;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A live capture: a libpcap handle (opened through our own binding, {@link LiveHandle}, and read by
 * {@link PcapPacketReader}'s direct {@code pcap_next_ex}), the decoder and the ring on the capture thread, tracker
 * shards behind the ring, exactly as offline.
 * <pre>
 *  capture thread: pcap_next_ex ─▶ copy into a reused heap buffer ─▶ decode ─▶ tryPublish ─▶ ring
 *                   ─▶ shards
 *                                           (full ring: ring_overflow++, never a wait)
 *  any thread:     snapshot(asOf) ─▶ queued ─▶ capture thread adds its counters, publishes a control event ─▶
 *                  every shard answers on its own thread ─▶ LiveStatus
 * </pre>
 * Per packet the loop allocates nothing. It no longer reads through pcap4j, whose raw path
 * ({@code getNextRawPacketEx}) allocated 619 bytes per packet and capped zero-drop capture near 75 000 packets/s.
 * <p>
 * Faults of the environment: when libpcap fails mid-capture (the interface was deleted), the loop ends with
 * {@link #failure()} set, or, with {@link LiveOptions#retry}, closes the handle, waits for the interface to come back
 * and resumes, counting the outage ({@code interface_lost}, {@code interface_gap_ms}); libpcap's counters of every
 * handle are added up. When the {@code -w} file cannot be written any more (disk full), tracking goes on, the file
 * keeps its whole records (a valid pcap) and every packet not written is counted ({@code write_errors}), or, with
 * {@link LiveOptions#writeRequired}, the capture ends. Either way a one-line notice is queued for the session to print
 * ({@link #pollNotice()}): the capture thread never prints. The handles across --retry ({@link LiveHandles}), the
 * {@code -w} copy ({@link LiveCopy}) and the snapshot requests ({@link SnapshotQueue}) are classes of their own.
 * <p>
 * Threading: {@link #run()} on one dedicated thread; {@link #stop()} and {@link #snapshot} from any thread;
 * {@link #finish()} once, after {@link #run()} has returned, from a thread that joined the capture thread.
 */
public final class LiveCapture implements AutoCloseable
{
    /** How long the capture thread rests when libpcap has nothing buffered: the added latency, at most. */
    private static final long IDLE_PARK_NANOS = 1_000_000L;
    /** Busy-wait and yield rounds of an idle shard before it parks. */
    private static final int SHARD_SPINS = 200;
    /** libpcap's MAXIMUM_SNAPLEN. */
    private static final int MAXIMUM_SNAPLEN = 262_144;

    private final LiveOptions options;
    private final ConcurrentLinkedQueue<String> notices = new ConcurrentLinkedQueue<>();
    private final LiveHandles handles;
    private final TrackerPipeline pipeline;
    private final SegmentPublisher publisher;
    /** The -w copy, or null. */
    private final LiveCopy copy;
    private final ByteBuffer frame;
    private final SnapshotQueue snapshots;
    private final long startNanos;
    private volatile boolean running = true;
    private volatile Exception failure;

    private LiveCapture(final LiveOptions options, final LiveHandles handles, final LivePcapWriter writer)
    {
        this.options = options;
        this.handles = handles;
        this.copy = writer == null ? null : new LiveCopy(writer, options.writeRequired, notices, ex -> failure = ex);
        // Sleeping, not yielding, consumers parking IDLE_PARK_NANOS once spinning found nothing: a live tool must not
        // burn a core per shard while the wire is quiet (the ring absorbs the millisecond of latency this adds).
        this.pipeline = new TrackerPipeline(options.shards, options.ringSize, options.tracker,
            new SleepingWaitStrategy(SHARD_SPINS, IDLE_PARK_NANOS));
        // The kernel filters (setFilter on the handle): no user-space filter on the capture thread.
        this.publisher = new SegmentPublisher(PacketFilter.ACCEPT_ALL, pipeline, true);
        // libpcap captures at most the snap length, which it takes as its maximum when out of range (tcpdump's -s 0):
        // the reader copies every captured byte into this buffer, and would otherwise cut such packets.
        final int snaplen =
            options.snaplen <= 0 || options.snaplen > MAXIMUM_SNAPLEN ? MAXIMUM_SNAPLEN : options.snaplen;
        this.frame = ByteBuffer.allocate(Math.max(snaplen, 64)).order(ByteOrder.BIG_ENDIAN);
        this.startNanos = wallClockNanos();
        this.snapshots = new SnapshotQueue(this::answer);
    }

    /**
     * Opens the interface and sets everything up; nothing is read until {@link #run()}.
     *
     * @param options what to capture.
     * @return the capture.
     * @throws LiveCaptureException with a message saying what to do (permission, interface, libpcap, filter).
     */
    public static LiveCapture open(final LiveOptions options) throws LiveCaptureException
    {
        final LiveHandles handles = LiveHandles.open(options);
        try
        {
            final LivePcapWriter writer = options.writeFile == null ?
                null : new LivePcapWriter(options.writeFile, handles.linkType(), options.snaplen);
            return new LiveCapture(options, handles, writer);
        }
        catch (final IOException ex)
        {
            handles.close();
            throw new LiveCaptureException(LiveCaptureException.Kind.OUTPUT,
                "cannot write " + options.writeFile + ": " + LiveCopy.describe(ex), ex);
        }
    }

    /** @return the LINKTYPE_* of the packets (e.g. 1 Ethernet, 276 LINUX_SLL2 for {@code any}). */
    public int linkType()
    {
        return handles.linkType();
    }

    /** @return wall-clock time the capture was opened. */
    public long startNanos()
    {
        return startNanos;
    }

    /**
     * The capture loop: returns when {@link #stop()} is called, the packet count is reached, or libpcap fails.
     * Call on a dedicated thread.
     */
    public void run()
    {
        final long limit = options.count > 0 ? options.count : Long.MAX_VALUE;
        final byte[] heap = frame.array();
        final int linkType = handles.linkType();
        try
        {
            while (running)
            {
                if (snapshots.waiting())
                {
                    snapshots.serve();
                }
                // Asked every time: --retry replaces the reader when the interface comes back.
                final PcapPacketReader reader = handles.reader();
                final int rc = reader.next();
                if (rc == PcapPacketReader.NONE)
                {
                    // Non-blocking handle, nothing buffered (idle only): rest briefly, then look at requests and
                    // the stop flag.
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                if (rc != PcapPacketReader.PACKET)
                {
                    if (rc == PcapPacketReader.END || !recover(reader.error()))
                    {
                        break;
                    }
                    continue;
                }
                final int captured = reader.copyTo(heap);
                final int wire = reader.wireLength();
                final long nanos = reader.epochNanos();
                frame.limit(captured);
                publisher.onFrame(frame, 0, captured, wire, nanos, linkType);
                if (copy != null && !copy.write(heap, captured, wire, nanos))
                {
                    break;
                }
                if (publisher.frames() >= limit)
                {
                    break;
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        finally
        {
            running = false;
            // Requests that arrive from now on, or were queued, get no answer from the shards: say so at once.
            snapshots.end();
        }
    }

    /** Asks the capture loop to end (signal handlers, duration limits). Thread safe; returns at once. */
    public void stop()
    {
        running = false;
    }

    /** @return the error that ended the loop (libpcap failed, or the -w file with --write-required), or null. */
    public Exception failure()
    {
        return failure;
    }

    /**
     * @return the next notice for the user (the interface went away or came back, the -w file failed), or null. Any
     * thread; each notice is returned once.
     */
    public String pollNotice()
    {
        return notices.poll();
    }

    /**
     * Takes a consistent snapshot while capturing, as of the wall clock now.
     *
     * @param timeoutMillis how long to wait for the capture thread and the shards.
     * @return the status, or null if the capture has ended or did not answer in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    public LiveStatus snapshot(final long timeoutMillis) throws InterruptedException
    {
        final SnapshotAnswer answer = snapshots.ask(wallClockNanos(), timeoutMillis);
        return answer == null ? null : answer.await(timeoutMillis);
    }

    /**
     * After {@link #run()} returned: lets the shards track everything published, then reports as of the wall clock
     * now, with libpcap's final counters. Closes nothing (see {@link #close()}).
     *
     * @return the final status.
     */
    public LiveStatus finish()
    {
        if (copy != null)
        {
            copy.flush();
        }
        pipeline.drainAndStop();
        final long asOf = wallClockNanos();
        final ShardTotals shards = new ShardTotals(pipeline, asOf);
        return new LiveStatus(asOf, startNanos, publisher.frames(), publisher.filteredOut(),
            SnapshotAnswer.decoderCounts(publisher), publisher.ringOverflow(), handles.stats(), shards.connections(),
            shards.trackerCounters(), pipeline.exceptions().failures(), writeErrors(), handles.lost(),
            handles.gapNanos(), shards.connectionEvents());
    }

    @Override
    public void close()
    {
        pipeline.close();
        handles.close();
        if (copy != null)
        {
            copy.close();
        }
    }

    /**
     * libpcap failed: ends the capture with the failure named, or with --retry waits for the interface to come back.
     * Cold.
     *
     * @param error libpcap's message.
     * @return true if capturing goes on (a new handle is open).
     */
    private boolean recover(final String error)
    {
        final boolean gone = !handles.interfaceListed();
        final String what = gone ?
            "interface " + options.device + " went away (libpcap: " + error + ")" :
            "libpcap read failed on " + options.device + ": " + error;
        if (!options.retry)
        {
            failure = new LiveCaptureException(LiveCaptureException.Kind.OTHER, what, null);
            return false;
        }
        return handles.reopenWhenBack(what, notices, () -> running, snapshots::serve);
    }

    private long writeErrors()
    {
        return copy == null ? 0 : copy.errors();
    }

    /** The capture thread's half of a snapshot asked for: its counters, and the request through the ring. */
    private SnapshotAnswer answer(final long asOfNanos)
    {
        final PcapStats pcap = handles.stats();
        final long[] decoder = SnapshotAnswer.decoderCounts(publisher);
        final SnapshotRequest request = pipeline.publishSnapshotRequest(asOfNanos);
        return new SnapshotAnswer(request, startNanos, publisher.frames(), publisher.filteredOut(), decoder,
            publisher.ringOverflow(), pcap, pipeline.exceptions().failures(), writeErrors(), handles.lost(),
            handles.gapNanos());
    }

    static long wallClockNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
