package io.wirestat.capture.live;

import io.wirestat.tracker.decode.LinkType;

import java.util.Queue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The libpcap side of a live capture, across {@code --retry}: the handle on the interface and its reader, replaced
 * by new ones when the interface goes away and comes back; libpcap's counters added up over the handles; the outages
 * counted and timed ({@code interface_lost}, {@code interface_gap_ms}). Apart from {@link LiveCapture} because losing
 * and regaining the interface is a slow, cold job of its own beside the capture loop's hot one. Not thread safe: the
 * capture thread, then the finishing thread once it has joined the capture thread.
 */
final class LiveHandles
{
    /** Linux's DLT_RAW; LINKTYPE_RAW in files. */
    private static final int DLT_RAW_LINUX = 12;
    /** How long the capture thread rests between looks while the interface is away: ten idle rests of the loop. */
    private static final long AWAY_PARK_NANOS = 10_000_000L;

    private final LiveOptions options;
    private final int linkType;
    /** Null while the interface is away. */
    private LiveHandle handle;
    private PcapPacketReader reader;
    /** libpcap's counters of the handles closed so far (--retry), and the last ones read from the current one. */
    private PcapStats closedHandles = PcapStats.NONE;
    private PcapStats lastStats = PcapStats.NONE;
    private long lost;
    private long gapNanos;

    private LiveHandles(
        final LiveOptions options, final LiveHandle handle, final PcapPacketReader reader, final int linkType)
    {
        this.options = options;
        this.handle = handle;
        this.reader = reader;
        this.linkType = linkType;
    }

    /**
     * Opens the interface.
     *
     * @param options what to capture.
     * @return the open handle and its reader.
     * @throws LiveCaptureException with a message saying what to do (permission, interface, libpcap, filter).
     */
    static LiveHandles open(final LiveOptions options) throws LiveCaptureException
    {
        requireDevice(options.device);
        final LiveHandle handle = LiveHandle.open(options);
        try
        {
            return new LiveHandles(options, handle, PcapPacketReader.of(handle.pointer()), linkTypeOf(handle));
        }
        catch (final LiveCaptureException ex)
        {
            handle.close();
            throw ex;
        }
    }

    /** @return the LINKTYPE_* of the packets, the same for every handle. */
    int linkType()
    {
        return linkType;
    }

    /** @return the reader of the current handle; replaced when the interface comes back. */
    PcapPacketReader reader()
    {
        return reader;
    }

    /** @return times the interface went away. */
    long lost()
    {
        return lost;
    }

    /** @return wall-clock time spent without the interface. */
    long gapNanos()
    {
        return gapNanos;
    }

    /** @return libpcap's counters, summed over every handle of this capture (--retry opens new ones). */
    PcapStats stats()
    {
        final PcapStats now = handle == null ? null : handle.stats();
        if (now != null)
        {
            lastStats = now;
        }
        return new PcapStats(closedHandles.received() + lastStats.received(),
            closedHandles.dropped() + lastStats.dropped(), closedHandles.ifDropped() + lastStats.ifDropped());
    }

    /** @return whether the interface is listed; true if the list cannot be read, so as not to claim it went away. */
    boolean interfaceListed()
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

    /**
     * libpcap failed on the current handle (--retry): closes it and waits for the interface to come back. Cold.
     *
     * @param what         what failed, for the notice.
     * @param notices      where the notices for the user go (gone, back).
     * @param running      whether to go on waiting.
     * @param whileWaiting run between looks at the interface (answering snapshot requests).
     * @return true if capturing goes on (a new handle is open), false if {@code running} turned false first.
     */
    boolean reopenWhenBack(
        final String what, final Queue<String> notices, final BooleanSupplier running, final Runnable whileWaiting)
    {
        final long lostAt = LiveCapture.wallClockNanos();
        // The handles closed before this one, plus this one's last counters: a second outage must not forget the first.
        closedHandles = stats();
        lastStats = PcapStats.NONE;
        handle.close();
        handle = null;
        lost++;
        notices.add(what + "; waiting for it to come back (--retry)");
        long nextTry = System.nanoTime();
        while (running.getAsBoolean())
        {
            whileWaiting.run();
            if (System.nanoTime() - nextTry >= 0)
            {
                nextTry = System.nanoTime() + options.retryIntervalMillis * 1_000_000L;
                final LiveHandle reopened = reopen();
                if (reopened != null)
                {
                    final long gap = LiveCapture.wallClockNanos() - lostAt;
                    gapNanos += gap;
                    handle = reopened;
                    notices.add(String.format("interface %s is back after %.1f s; capturing again",
                        options.device, gap / 1e9));
                    return true;
                }
            }
            LockSupport.parkNanos(AWAY_PARK_NANOS);
        }
        gapNanos += LiveCapture.wallClockNanos() - lostAt;
        return false;
    }

    /** Closes the current handle, if the interface is not away. */
    void close()
    {
        if (handle != null)
        {
            handle.close();
        }
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
            if (linkTypeOf(reopened) != linkType)
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

    private static int linkTypeOf(final LiveHandle handle)
    {
        final int dlt = handle.linkType();
        return dlt == DLT_RAW_LINUX ? LinkType.RAW : dlt;
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
}
