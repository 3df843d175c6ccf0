package io.wirestat.capture.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * wirestat's own binding of the libpcap calls a live capture needs, by JNA direct mapping (static natives): open and
 * configure a handle ({@code pcap_create}, {@code pcap_set_*}, {@code pcap_activate}), set the kernel filter
 * ({@code pcap_compile}, {@code pcap_setfilter}), make it non-blocking, read its counters ({@code pcap_stats}), list
 * interfaces ({@code pcap_findalldevs}), send a frame ({@code pcap_sendpacket}, for tests and tools) and close it.
 * These are libpcap's stable, documented C API (pcap(3PCAP)); binding them ourselves, rather than reaching into a
 * Java wrapper's private fields, means no dependency update can break live capture silently.
 * <p>
 * Cold path only (opening, filters, stats once per refresh); the per-packet read is {@link PcapPacketReader}'s.
 * Stateless apart from the one-time registration; thread safe as libpcap is (one handle, one thread at a time).
 */
final class Libpcap
{
    /** {@code PCAP_ERRBUF_SIZE}. */
    static final int ERRBUF_SIZE = 256;
    /** {@code PCAP_ERROR}: a generic error, {@code pcap_geterr} says which. */
    static final int PCAP_ERROR = -1;
    /** {@code PCAP_ERROR_NO_SUCH_DEVICE}. */
    static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    /** {@code PCAP_ERROR_PERM_DENIED}. */
    static final int PCAP_ERROR_PERM_DENIED = -8;
    /** {@code PCAP_ERROR_IFACE_NOT_UP}. */
    static final int PCAP_ERROR_IFACE_NOT_UP = -9;
    /** {@code PCAP_ERROR_PROMISC_PERM_DENIED}. */
    static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
    /** {@code PCAP_NETMASK_UNKNOWN}. */
    static final int NETMASK_UNKNOWN = 0xFFFF_FFFF;
    /** {@code PCAP_IF_LOOPBACK}, {@code PCAP_IF_UP}, {@code PCAP_IF_RUNNING} in {@code pcap_if_t.flags}. */
    static final int IF_LOOPBACK = 1;
    static final int IF_UP = 2;
    static final int IF_RUNNING = 4;
    /** {@code struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }}: padded to two pointers. */
    static final int PROGRAM_SIZE = 2 * Native.POINTER_SIZE;

    private static boolean registered;

    private Libpcap()
    {
    }

    /**
     * Binds the natives to the libpcap {@link PcapLibrary#configure()} found, once.
     *
     * @throws LiveCaptureException (LIBPCAP_MISSING) if libpcap cannot be loaded or lacks a call.
     */
    static synchronized void load() throws LiveCaptureException
    {
        if (registered)
        {
            return;
        }
        PcapLibrary.configure();
        final String name = System.getProperty(PcapLibrary.PROPERTY);
        try
        {
            Native.register(Libpcap.class, NativeLibrary.getInstance(name));
            registered = true;
        }
        catch (final UnsatisfiedLinkError ex)
        {
            throw PcapLibrary.missing(name, ex);
        }
    }

    /**
     * @param errbuf a buffer libpcap filled with a NUL-terminated message.
     * @return the message.
     */
    static String message(final byte[] errbuf)
    {
        int n = 0;
        while (n < errbuf.length && errbuf[n] != 0)
        {
            n++;
        }
        return new String(errbuf, 0, n, StandardCharsets.UTF_8).trim();
    }

    /**
     * @param pcap a handle.
     * @return libpcap's message for the handle's last error.
     */
    static String error(final Pointer pcap)
    {
        final Pointer message = pcap_geterr(pcap);
        final String text = message == null ? "" : message.getString(0).trim();
        return text.isEmpty() ? "unknown libpcap error" : text;
    }

    /**
     * @param status a {@code pcap_activate} (or other) status code.
     * @return libpcap's words for it.
     */
    static String status(final int status)
    {
        final Pointer text = pcap_statustostr(status);
        return text == null ? "libpcap status " + status : text.getString(0);
    }

    static native Pointer pcap_create(String source, byte[] errbuf);

    static native int pcap_set_snaplen(Pointer pcap, int snaplen);

    static native int pcap_set_promisc(Pointer pcap, int promisc);

    static native int pcap_set_timeout(Pointer pcap, int timeoutMillis);

    static native int pcap_set_buffer_size(Pointer pcap, int bytes);

    static native int pcap_set_immediate_mode(Pointer pcap, int immediate);

    static native int pcap_activate(Pointer pcap);

    static native int pcap_setnonblock(Pointer pcap, int nonblock, byte[] errbuf);

    static native int pcap_datalink(Pointer pcap);

    static native int pcap_snapshot(Pointer pcap);

    static native int pcap_compile(Pointer pcap, Pointer program, String expression, int optimize, int netmask);

    static native int pcap_setfilter(Pointer pcap, Pointer program);

    static native void pcap_freecode(Pointer program);

    /** {@code struct pcap_stat} on Linux: {@code ps_recv, ps_drop, ps_ifdrop}, three {@code u_int}. */
    static native int pcap_stats(Pointer pcap, int[] stats);

    static native int pcap_sendpacket(Pointer pcap, byte[] frame, int length);

    static native Pointer pcap_geterr(Pointer pcap);

    static native Pointer pcap_statustostr(int status);

    /** @param devices where the {@code pcap_if_t*} list head is stored (one pointer). */
    static native int pcap_findalldevs(Pointer devices, byte[] errbuf);

    static native void pcap_freealldevs(Pointer devices);

    static native void pcap_close(Pointer pcap);
}
