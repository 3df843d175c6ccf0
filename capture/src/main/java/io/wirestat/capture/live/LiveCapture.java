package io.wirestat.capture.live;

import com.lmax.disruptor.SleepingWaitStrategy;
import io.wirestat.capture.analysis.SegmentPublisher;
import io.wirestat.capture.filter.PacketFilter;
import io.wirestat.capture.pipeline.SnapshotRequest;
import io.wirestat.capture.pipeline.TrackerPipeline;
import io.wirestat.tracker.decode.LinkType;
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
 * ({@link #pollNotice()}): the capture thread never prints.
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
    /** Linux's DLT_RAW; LINKTYPE_RAW in files. */
    private static final int DLT_RAW_LINUX = 12;

    private final LiveOptions options;
    private final ConcurrentLinkedQueue<String> notices = new ConcurrentLinkedQueue<>();
    /** Replaced when the interface comes back (--retry); capture thread only, then the finishing thread. */
    private LiveHandle handle;
    private PcapPacketReader reader;
    private final int linkType;
    private final TrackerPipeline pipeline;
    private final SegmentPublisher publisher;
    private final LivePcapWriter writer;
    private final ByteBuffer frame;
    private final SnapshotQueue snapshots;
    private final long startNanos;
    private volatile boolean running = true;
    private long writeErrors;
    /** Packets handed to the -w writer. */
    private long writeOffered;
    /** libpcap's counters of the handles closed so far (--retry), and the last ones read from the current one. */
    private PcapStats closedHandles = PcapStats.NONE;
    private PcapStats lastStats = PcapStats.NONE;
    private long interfaceLost;
    private long interfaceGapNanos;
    private volatile Exception failure;

    private LiveCapture(
        final LiveOptions options, final LiveHandle handle, final PcapPacketReader reader, final int linkType,
        final LivePcapWriter writer)
    {
        this.options = options;
        this.handle = handle;
        this.reader = reader;
        this.linkType = linkType;
        this.writer = writer;
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
        requireDevice(options.device);
        final LiveHandle handle = LiveHandle.open(options);
        try
        {
            final PcapPacketReader reader = PcapPacketReader.of(handle.pointer());
            final int dlt = handle.linkType();
            final int linkType = dlt == DLT_RAW_LINUX ? LinkType.RAW : dlt;
            final LivePcapWriter writer = options.writeFile == null ?
                null : new LivePcapWriter(options.writeFile, linkType, options.snaplen);
            return new LiveCapture(options, handle, reader, linkType, writer);
        }
        catch (final LiveCaptureException ex)
        {
            handle.close();
            throw ex;
        }
        catch (final IOException ex)
        {
            handle.close();
            throw new LiveCaptureException(LiveCaptureException.Kind.OUTPUT,
                "cannot write " + options.writeFile + ": " + describe(ex), ex);
        }
    }

    /** @return the LINKTYPE_* of the packets (e.g. 1 Ethernet, 276 LINUX_SLL2 for {@code any}). */
    public int linkType()
    {
        return linkType;
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
        try
        {
            while (running)
            {
                if (snapshots.waiting())
                {
                    snapshots.serve();
                }
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
                if (writer != null && !write(heap, captured, wire, nanos))
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
        if (writer != null && !writer.failed())
        {
            try
            {
                writer.flush();
            }
            catch (final IOException ex)
            {
                writeFailed(ex);
            }
        }
        pipeline.drainAndStop();
        final long asOf = wallClockNanos();
        final ShardTotals shards = new ShardTotals(pipeline, asOf);
        return new LiveStatus(asOf, startNanos, publisher.frames(), publisher.filteredOut(),
            SnapshotAnswer.decoderCounts(publisher), publisher.ringOverflow(), pcapStats(), shards.connections(),
            shards.trackerCounters(), pipeline.exceptions().failures(), writeErrors, interfaceLost, interfaceGapNanos,
            shards.connectionEvents());
    }

    @Override
    public void close()
    {
        pipeline.close();
        if (handle != null)
        {
            handle.close();
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

    /** @return whether a packet may still be captured: false to end the loop (--write-required). */
    private boolean write(final byte[] raw, final int captured, final int wire, final long nanos)
    {
        writeOffered++;
        if (writer.failed())
        {
            writeErrors++;
            return true;
        }
        try
        {
            writer.write(raw, captured, wire, nanos);
            return true;
        }
        catch (final IOException ex)
        {
            writeFailed(ex);
            return !options.writeRequired;
        }
    }

    /** Cold: once per capture at most. Counts what is not in the file, says once what failed. */
    private void writeFailed(final IOException ex)
    {
        writeErrors = writeOffered - writer.packetsWritten();
        final String what = "writing " + writer.path() + " failed after " + writer.packetsWritten() + " packets ("
            + describe(ex) + "): the file keeps those, a valid pcap";
        if (options.writeRequired)
        {
            failure = new LiveCaptureException(LiveCaptureException.Kind.OUTPUT, what
                + "; the capture stops (--write-required)", ex);
        }
        else
        {
            notices.add(what + "; tracking goes on without writing, packets not written are counted (write_errors)");
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
        final boolean gone = !interfaceListed();
        final String what = gone ?
            "interface " + options.device + " went away (libpcap: " + error + ")" :
            "libpcap read failed on " + options.device + ": " + error;
        if (!options.retry)
        {
            failure = new LiveCaptureException(LiveCaptureException.Kind.OTHER, what, null);
            return false;
        }
        final long lostAt = wallClockNanos();
        pcapStats();
        closedHandles = lastStats;
        lastStats = PcapStats.NONE;
        handle.close();
        handle = null;
        interfaceLost++;
        notices.add(what + "; waiting for it to come back (--retry)");
        long nextTry = System.nanoTime();
        while (running)
        {
            snapshots.serve();
            if (System.nanoTime() - nextTry >= 0)
            {
                nextTry = System.nanoTime() + options.retryIntervalMillis * 1_000_000L;
                final LiveHandle reopened = reopen();
                if (reopened != null)
                {
                    final long gap = wallClockNanos() - lostAt;
                    interfaceGapNanos += gap;
                    handle = reopened;
                    notices.add(String.format("interface %s is back after %.1f s; capturing again",
                        options.device, gap / 1e9));
                    return true;
                }
            }
            LockSupport.parkNanos(IDLE_PARK_NANOS * 10);
        }
        interfaceGapNanos += wallClockNanos() - lostAt;
        return false;
    }

    /** @return a new handle on the interface with the same settings, or null if it cannot be opened (yet). */
    private LiveHandle reopen()
    {
        try
        {
            if (!LiveInterfaces.exists(options.device))
            {
                return null;
            }
            final LiveHandle reopened = LiveHandle.open(options);
            final int dlt = reopened.linkType();
            if ((dlt == DLT_RAW_LINUX ? LinkType.RAW : dlt) != linkType)
            {
                // Another kind of interface under the same name: its packets would not decode as ours.
                reopened.close();
                return null;
            }
            reader = PcapPacketReader.of(reopened.pointer());
            return reopened;
        }
        catch (final LiveCaptureException ex)
        {
            return null;
        }
    }

    private boolean interfaceListed()
    {
        try
        {
            return LiveInterfaces.exists(options.device);
        }
        catch (final LiveCaptureException ex)
        {
            return true;
        }
    }

    private static String describe(final IOException ex)
    {
        final String message = ex.getMessage();
        return message == null ? ex.getClass().getSimpleName() : message;
    }

    /** The capture thread's half of a snapshot asked for: its counters, and the request through the ring. */
    private SnapshotAnswer answer(final long asOfNanos)
    {
        final PcapStats pcap = pcapStats();
        final long[] decoder = SnapshotAnswer.decoderCounts(publisher);
        final SnapshotRequest request = pipeline.publishSnapshotRequest(asOfNanos);
        return new SnapshotAnswer(request, startNanos, publisher.frames(), publisher.filteredOut(), decoder,
            publisher.ringOverflow(), pcap, pipeline.exceptions().failures(), writeErrors, interfaceLost,
            interfaceGapNanos);
    }

    /** @return libpcap's counters, summed over every handle of this capture (--retry opens new ones). */
    private PcapStats pcapStats()
    {
        final PcapStats now = handle == null ? null : handle.stats();
        if (now != null)
        {
            lastStats = now;
        }
        return new PcapStats(closedHandles.received() + lastStats.received(),
            closedHandles.dropped() + lastStats.dropped(), closedHandles.ifDropped() + lastStats.ifDropped());
    }

    private static void requireDevice(final String device) throws LiveCaptureException
    {
        if (device == null || device.isBlank())
        {
            throw new LiveCaptureException(LiveCaptureException.Kind.NO_SUCH_INTERFACE,
                "no interface given (-i IFACE)" + LiveInterfaces.listing(), null);
        }
        if (!LiveInterfaces.exists(device))
        {
            throw new LiveCaptureException(LiveCaptureException.Kind.NO_SUCH_INTERFACE,
                "no such interface: '" + device + "'" + LiveInterfaces.listing(), null);
        }
    }

    static long wallClockNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
