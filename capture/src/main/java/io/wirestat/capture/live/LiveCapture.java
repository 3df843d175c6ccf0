package io.wirestat.capture.live;

import com.lmax.disruptor.SleepingWaitStrategy;
import io.wirestat.capture.analysis.SegmentPublisher;
import io.wirestat.capture.filter.PacketFilter;
import io.wirestat.capture.pipeline.SnapshotRequest;
import io.wirestat.capture.pipeline.TrackerPipeline;
import io.wirestat.capture.pipeline.TrackerShardHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.LinkType;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.report.ConnectionRecord;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A live capture: a libpcap handle (opened and configured by pcap4j, read by {@link PcapPacketReader}'s direct
 * {@code pcap_next_ex}), the decoder and the ring on the capture thread, tracker shards behind the ring, exactly as
 * offline.
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
    private final PcapHandle handle;
    private final PcapPacketReader reader;
    private final int linkType;
    private final TrackerPipeline pipeline;
    private final SegmentPublisher publisher;
    private final LivePcapWriter writer;
    private final ByteBuffer frame;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final long startNanos;
    private volatile boolean running = true;
    private volatile boolean pendingRequests;
    private volatile boolean ended;
    private long writeErrors;
    private Exception failure;

    private LiveCapture(
        final LiveOptions options, final PcapHandle handle, final PcapPacketReader reader, final int linkType,
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
        PcapLibrary.configure();
        final PcapHandle handle;
        try
        {
            requireDevice(options.device);
            final PcapHandle.Builder builder = new PcapHandle.Builder(options.device)
                .snaplen(options.snaplen)
                .promiscuousMode(options.promiscuous ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                    : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(options.pollTimeoutMillis)
                .immediateMode(true);
            if (options.bufferSize > 0)
            {
                builder.bufferSize(options.bufferSize);
            }
            handle = builder.build();
        }
        catch (final PcapNativeException ex)
        {
            throw classify(options.device, ex);
        }
        catch (final LinkageError ex)
        {
            throw PcapLibrary.missing(System.getProperty(PcapLibrary.PROPERTY), ex);
        }
        try
        {
            // Non-blocking, and no pcap_breakloop: libpcap 1.10's blocking read waits in poll() for a packet or a
            // break whatever the timeout, and a break raised just after a packet was read makes pcap_next_ex return
            // PCAP_ERROR_BREAK for it, losing that packet uncounted. Idle, the loop parks IDLE_PARK_NANOS instead.
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            if (options.filter != null && !options.filter.isBlank())
            {
                handle.setFilter(options.filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            final PcapPacketReader reader = PcapPacketReader.of(handle);
            final int dlt = handle.getDlt().value();
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
        catch (final PcapNativeException | NotOpenException ex)
        {
            handle.close();
            throw new LiveCaptureException(
                options.filter == null ? LiveCaptureException.Kind.OTHER : LiveCaptureException.Kind.BAD_FILTER,
                "invalid filter '" + options.filter + "': " + ex.getMessage(), ex);
        }
        catch (final IOException ex)
        {
            handle.close();
            throw new LiveCaptureException(LiveCaptureException.Kind.OUTPUT,
                "cannot write " + options.writeFile + ": " + ex.getMessage(), ex);
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
                if (pendingRequests)
                {
                    serveRequests();
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
                    if (rc != PcapPacketReader.END)
                    {
                        failure = new LiveCaptureException(LiveCaptureException.Kind.OTHER,
                            "libpcap read failed on " + options.device + ": " + reader.error(), null);
                    }
                    break;
                }
                final int captured = reader.copyTo(heap);
                final int wire = reader.wireLength();
                final long nanos = reader.epochNanos();
                frame.limit(captured);
                publisher.onFrame(frame, 0, captured, wire, nanos, linkType);
                if (writer != null)
                {
                    write(heap, captured, wire, nanos);
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
            ended = true;
            // Requests that arrive from now on, or were queued, get no answer from the shards: say so at once.
            Pending p;
            while ((p = pending.poll()) != null)
            {
                p.future.complete(null);
            }
        }
    }

    /** Asks the capture loop to end (signal handlers, duration limits). Thread safe; returns at once. */
    public void stop()
    {
        running = false;
    }

    /** @return the error that ended the loop, or null. */
    public Exception failure()
    {
        return failure;
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
        if (ended)
        {
            return null;
        }
        final Pending p = new Pending(wallClockNanos());
        pending.add(p);
        pendingRequests = true;
        if (ended)
        {
            // Raced with the end of run(): it may have drained the queue before our add.
            pending.remove(p);
            return null;
        }
        try
        {
            final Answer answer = p.future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (answer == null || !answer.request.await(timeoutMillis, TimeUnit.MILLISECONDS))
            {
                return null;
            }
            final List<ConnectionRecord> connections = LiveStatus.sorted(answer.request.connections());
            final long[] trackerCounters = new long[TrackerCounter.COUNT];
            for (int c = 0; c < TrackerCounter.COUNT; c++)
            {
                trackerCounters[c] = answer.request.trackerCounter(c);
            }
            return answer.status(connections, trackerCounters);
        }
        catch (final java.util.concurrent.ExecutionException | TimeoutException ex)
        {
            return null;
        }
    }

    /**
     * After {@link #run()} returned: lets the shards track everything published, then reports as of the wall clock
     * now, with libpcap's final counters. Closes nothing (see {@link #close()}).
     *
     * @return the final status.
     */
    public LiveStatus finish()
    {
        pipeline.drainAndStop();
        final long asOf = wallClockNanos();
        final List<ConnectionRecord> connections = new ArrayList<>();
        final long[] trackerCounters = new long[TrackerCounter.COUNT];
        for (final TrackerShardHandler shard : pipeline.shards())
        {
            final TcpTracker tracker = shard.tracker();
            tracker.snapshot(Math.max(asOf, tracker.latestTimestampNanos()), connections::add);
            for (int c = 0; c < TrackerCounter.COUNT; c++)
            {
                trackerCounters[c] += tracker.counter(c);
            }
        }
        return new LiveStatus(asOf, startNanos, publisher.frames(), publisher.filteredOut(), decoderCounts(),
            publisher.ringOverflow(), pcapStats(), LiveStatus.sorted(connections), trackerCounters,
            pipeline.exceptions().failures(), writeErrors);
    }

    @Override
    public void close()
    {
        pipeline.close();
        if (handle.isOpen())
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

    /** @return libpcap's interfaces, as {@code tcpdump -D} lists them. */
    static List<PcapNetworkInterface> interfaces() throws LiveCaptureException
    {
        PcapLibrary.configure();
        try
        {
            return Pcaps.findAllDevs();
        }
        catch (final PcapNativeException ex)
        {
            throw new LiveCaptureException(LiveCaptureException.Kind.OTHER,
                "cannot list interfaces: " + ex.getMessage(), ex);
        }
        catch (final LinkageError ex)
        {
            throw PcapLibrary.missing(System.getProperty(PcapLibrary.PROPERTY), ex);
        }
    }

    private void write(final byte[] raw, final int captured, final int wire, final long nanos)
    {
        try
        {
            writer.write(raw, captured, wire, nanos);
        }
        catch (final IOException ex)
        {
            // Counted and shown; tracking goes on (a full disk must not stop the live view).
            writeErrors++;
        }
    }

    private void serveRequests()
    {
        // Cold: a few times per second at most.
        pendingRequests = false;
        Pending p;
        while ((p = pending.poll()) != null)
        {
            final PcapStats pcap = pcapStats();
            final long[] decoder = decoderCounts();
            final SnapshotRequest request = pipeline.publishSnapshotRequest(p.asOfNanos);
            p.future.complete(new Answer(request, publisher.frames(), publisher.filteredOut(), decoder,
                publisher.ringOverflow(), pcap, pipeline.exceptions().failures(), writeErrors));
        }
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

    private PcapStats pcapStats()
    {
        try
        {
            final PcapStat stat = handle.getStats();
            return new PcapStats(
                stat.getNumPacketsReceived(), stat.getNumPacketsDropped(), stat.getNumPacketsDroppedByIf());
        }
        catch (final PcapNativeException | NotOpenException ex)
        {
            return PcapStats.NONE;
        }
    }

    private static void requireDevice(final String device) throws PcapNativeException, LiveCaptureException
    {
        if (device == null || device.isBlank())
        {
            throw new LiveCaptureException(LiveCaptureException.Kind.NO_SUCH_INTERFACE,
                "no interface given (-i IFACE)" + listing(), null);
        }
        if (Pcaps.getDevByName(device) == null)
        {
            throw new LiveCaptureException(LiveCaptureException.Kind.NO_SUCH_INTERFACE,
                "no such interface: '" + device + "'" + listing(), null);
        }
    }

    private static String listing()
    {
        try
        {
            final StringBuilder sb = new StringBuilder(". Interfaces (wirestat live -D):");
            int n = 1;
            for (final PcapNetworkInterface nif : Pcaps.findAllDevs())
            {
                sb.append(System.lineSeparator()).append(LiveInterfaces.describe(n++, nif));
            }
            return sb.toString();
        }
        catch (final PcapNativeException ex)
        {
            return "";
        }
    }

    private static LiveCaptureException classify(final String device, final PcapNativeException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        final String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("operation not permitted"))
        {
            return new LiveCaptureException(LiveCaptureException.Kind.PERMISSION,
                "no permission to capture on " + device + " (" + message.trim() + "). Capturing needs the "
                    + "CAP_NET_RAW capability, not root: grant it to java with "
                    + "'sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))', or run as root.", ex);
        }
        if (lower.contains("no such device"))
        {
            return new LiveCaptureException(LiveCaptureException.Kind.NO_SUCH_INTERFACE,
                "no such interface: '" + device + "' (" + message.trim() + ")" + listing(), ex);
        }
        return new LiveCaptureException(LiveCaptureException.Kind.OTHER,
            "cannot capture on " + device + ": " + message.trim(), ex);
    }

    static long wallClockNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A snapshot asked for, waiting for the capture thread. */
    private static final class Pending
    {
        final long asOfNanos;
        final CompletableFuture<Answer> future = new CompletableFuture<>();

        Pending(final long asOfNanos)
        {
            this.asOfNanos = asOfNanos;
        }
    }

    /** The capture thread's half of a snapshot: its counters when the control event entered the ring. */
    private final class Answer
    {
        final SnapshotRequest request;
        final long frames;
        final long filteredOut;
        final long[] decoder;
        final long ringOverflow;
        final PcapStats pcap;
        final long failures;
        final long writeErrors;

        Answer(final SnapshotRequest request, final long frames, final long filteredOut, final long[] decoder,
            final long ringOverflow, final PcapStats pcap, final long failures, final long writeErrors)
        {
            this.request = request;
            this.frames = frames;
            this.filteredOut = filteredOut;
            this.decoder = decoder;
            this.ringOverflow = ringOverflow;
            this.pcap = pcap;
            this.failures = failures;
            this.writeErrors = writeErrors;
        }

        LiveStatus status(final List<ConnectionRecord> connections, final long[] trackerCounters)
        {
            return new LiveStatus(request.asOfNanos(), startNanos, frames, filteredOut, decoder, ringOverflow, pcap,
                connections, trackerCounters, failures, writeErrors);
        }
    }
}
