package io.wirestat.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.util.Locale;

/**
 * One open libpcap capture handle, set up through {@link Libpcap} exactly as tcpdump sets up its own:
 * {@code pcap_create}, snap length, promiscuous mode, timeout, buffer size, immediate mode, {@code pcap_activate},
 * then the kernel filter ({@code pcap_compile} + {@code pcap_setfilter}) and non-blocking mode. Failures become a
 * {@link LiveCaptureException} whose message says what to do (permission, interface, filter).
 * <p>
 * Threading: opened on any thread, then used by one thread at a time (the capture thread); {@link #close()} once.
 */
final class LiveHandle implements AutoCloseable
{
    private final Pointer pcap;
    private final int linkType;
    private final int snaplen;
    private final int[] stats = new int[3];
    private boolean open = true;

    private LiveHandle(final Pointer pcap)
    {
        this.pcap = pcap;
        this.linkType = Libpcap.pcap_datalink(pcap);
        this.snaplen = Libpcap.pcap_snapshot(pcap);
    }

    /**
     * @param options device, snap length, promiscuous mode, buffer size, filter.
     * @return an activated, filtered, non-blocking handle.
     * @throws LiveCaptureException saying why not.
     */
    static LiveHandle open(final LiveOptions options) throws LiveCaptureException
    {
        Libpcap.load();
        final String device = options.device;
        final byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
        final Pointer pcap = Libpcap.pcap_create(device, errbuf);
        if (pcap == null)
        {
            throw classify(device, Libpcap.PCAP_ERROR, Libpcap.message(errbuf));
        }
        try
        {
            Libpcap.pcap_set_snaplen(pcap, options.snaplen);
            Libpcap.pcap_set_promisc(pcap, options.promiscuous ? 1 : 0);
            Libpcap.pcap_set_timeout(pcap, options.pollTimeoutMillis);
            Libpcap.pcap_set_immediate_mode(pcap, 1);
            if (options.bufferSize > 0)
            {
                Libpcap.pcap_set_buffer_size(pcap, options.bufferSize);
            }
            final int activated = Libpcap.pcap_activate(pcap);
            if (activated < 0)
            {
                final String detail = activated == Libpcap.PCAP_ERROR ? Libpcap.error(pcap) :
                    Libpcap.status(activated) + describe(Libpcap.error(pcap));
                throw classify(device, activated, detail);
            }
            // Warnings (positive: promiscuous mode not supported, ...) leave a working handle, as for tcpdump.
            if (options.filter != null && !options.filter.isBlank())
            {
                setFilter(pcap, options.filter);
            }
            // Non-blocking, and no pcap_breakloop: libpcap 1.10's blocking read waits in poll() for a packet or a
            // break whatever the timeout, and a break raised just after a packet was read makes pcap_next_ex return
            // PCAP_ERROR_BREAK for it, losing that packet uncounted. The capture loop parks when idle instead.
            if (Libpcap.pcap_setnonblock(pcap, 1, errbuf) != 0)
            {
                throw new LiveCaptureException(LiveCaptureException.Kind.OTHER,
                    "cannot make the capture on " + device + " non-blocking: " + Libpcap.message(errbuf), null);
            }
            return new LiveHandle(pcap);
        }
        catch (final LiveCaptureException | RuntimeException ex)
        {
            Libpcap.pcap_close(pcap);
            throw ex;
        }
    }

    /** @return the handle's {@code pcap_t*}, for {@link PcapPacketReader}. */
    Pointer pointer()
    {
        return pcap;
    }

    /** @return {@code pcap_datalink}: the DLT_* of the packets. */
    int linkType()
    {
        return linkType;
    }

    /** @return {@code pcap_snapshot}: the effective snap length. */
    int snaplen()
    {
        return snaplen;
    }

    /**
     * @return libpcap's counters now, or null if it cannot say (the interface is gone). libpcap keeps them as
     * 32-bit unsigned counters; they are widened here.
     */
    PcapStats stats()
    {
        if (!open || Libpcap.pcap_stats(pcap, stats) != 0)
        {
            return null;
        }
        return new PcapStats(stats[0] & 0xFFFF_FFFFL, stats[1] & 0xFFFF_FFFFL, stats[2] & 0xFFFF_FFFFL);
    }

    /**
     * Sends one frame out of the interface ({@code pcap_sendpacket}); for tests and tools, not the capture path.
     *
     * @param frame  the frame, link header included.
     * @param length bytes of frame to send.
     * @return true if libpcap sent it.
     */
    boolean send(final byte[] frame, final int length)
    {
        return Libpcap.pcap_sendpacket(pcap, frame, length) == 0;
    }

    /** @return libpcap's message for this handle's last error. */
    String error()
    {
        return Libpcap.error(pcap);
    }

    @Override
    public void close()
    {
        if (open)
        {
            open = false;
            Libpcap.pcap_close(pcap);
        }
    }

    private static void setFilter(final Pointer pcap, final String expression) throws LiveCaptureException
    {
        final Memory program = new Memory(Libpcap.PROGRAM_SIZE);
        program.clear();
        if (Libpcap.pcap_compile(pcap, program, expression, 1, Libpcap.NETMASK_UNKNOWN) != 0)
        {
            throw new LiveCaptureException(LiveCaptureException.Kind.BAD_FILTER,
                "invalid filter '" + expression + "': " + Libpcap.error(pcap), null);
        }
        try
        {
            if (Libpcap.pcap_setfilter(pcap, program) != 0)
            {
                throw new LiveCaptureException(LiveCaptureException.Kind.BAD_FILTER,
                    "cannot set filter '" + expression + "': " + Libpcap.error(pcap), null);
            }
        }
        finally
        {
            Libpcap.pcap_freecode(program);
        }
    }

    private static String describe(final String error)
    {
        return error.isEmpty() || error.startsWith("unknown") ? "" : ": " + error;
    }

    private static LiveCaptureException classify(final String device, final int status, final String message)
    {
        final String lower = message.toLowerCase(Locale.ROOT);
        if (status == Libpcap.PCAP_ERROR_PERM_DENIED || status == Libpcap.PCAP_ERROR_PROMISC_PERM_DENIED
            || lower.contains("permission") || lower.contains("operation not permitted"))
        {
            return new LiveCaptureException(LiveCaptureException.Kind.PERMISSION,
                "no permission to capture on " + device + " (" + message + "). Capturing needs the "
                    + "CAP_NET_RAW capability, not root: grant it to java with "
                    + "'sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))', or run as root.",
                null);
        }
        if (status == Libpcap.PCAP_ERROR_NO_SUCH_DEVICE || lower.contains("no such device"))
        {
            return new LiveCaptureException(LiveCaptureException.Kind.NO_SUCH_INTERFACE,
                "no such interface: '" + device + "' (" + message + ")" + LiveInterfaces.listing(), null);
        }
        if (status == Libpcap.PCAP_ERROR_IFACE_NOT_UP)
        {
            return new LiveCaptureException(LiveCaptureException.Kind.OTHER,
                "interface " + device + " is down (" + message + "): bring it up with 'ip link set " + device
                    + " up'", null);
        }
        return new LiveCaptureException(LiveCaptureException.Kind.OTHER,
            "cannot capture on " + device + ": " + message, null);
    }
}
