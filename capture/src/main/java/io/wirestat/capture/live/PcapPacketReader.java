package io.wirestat.capture.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Reads packets from an open libpcap handle with {@code pcap_next_ex} bound by JNA direct mapping (static natives,
 * JNA's cheapest call path), allocating nothing per packet: the two out-parameters are allocated once, the
 * {@code struct pcap_pkthdr} is read in place, and the bytes are copied straight from libpcap's buffer into the
 * caller's reused array.
 * <p>
 * The handle is our own ({@link LiveHandle}, opened through {@link Libpcap}); pcap4j's raw read allocated 619 bytes
 * per packet in 1.8.2 (the packet array, two by-reference holders with native memory and cleaners, a
 * {@code java.sql.Timestamp}, a boxed length).
 * <p>
 * Not thread safe: one capture thread. The handle must stay open while {@link #next()} may run.
 */
final class PcapPacketReader
{
    /** {@code pcap_next_ex}: a packet was read. */
    static final int PACKET = 1;
    /** {@code pcap_next_ex}: nothing buffered (non-blocking handle) or the timeout expired. */
    static final int NONE = 0;
    /** {@code pcap_next_ex}: an error; {@link #error()} says which. */
    static final int ERROR = -1;
    /** {@code pcap_next_ex}: no more packets (a savefile's end, or pcap_breakloop). */
    static final int END = -2;

    /** Offsets in {@code struct pcap_pkthdr { struct timeval ts; bpf_u_int32 caplen; bpf_u_int32 len; }}. */
    private static final int TV_SEC = 0;
    private static final int TV_USEC = NativeLong.SIZE;
    private static final int CAPLEN = 2 * NativeLong.SIZE;
    private static final int LEN = CAPLEN + 4;

    private static boolean registered;

    private final Pointer pcap;
    private final PointerByReference headerRef = new PointerByReference();
    private final PointerByReference dataRef = new PointerByReference();
    /** Where the two out-parameters live: passed as plain pointers, read as addresses (no Pointer per packet). */
    private final Pointer headerSlot = headerRef.getPointer();
    private final Pointer dataSlot = dataRef.getPointer();
    /** Views re-aimed at each packet's header and data by {@link Pointer#nativeValue(Pointer, long)}. */
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);
    private int capturedLength;
    private int wireLength;
    private long epochNanos;

    private PcapPacketReader(final Pointer pcap)
    {
        this.pcap = pcap;
    }

    /**
     * @param pcap an activated {@code pcap_t*} with microsecond timestamps (libpcap's default).
     * @return a reader of that handle.
     * @throws LiveCaptureException (LIBPCAP_MISSING) if {@code pcap_next_ex} cannot be bound.
     */
    static PcapPacketReader of(final Pointer pcap) throws LiveCaptureException
    {
        register();
        return new PcapPacketReader(pcap);
    }

    /**
     * Binds the natives to the libpcap {@link PcapLibrary#configure()} chose, once.
     *
     * @throws LiveCaptureException (LIBPCAP_MISSING) if it cannot be bound.
     */
    private static synchronized void register() throws LiveCaptureException
    {
        if (registered)
        {
            return;
        }
        PcapLibrary.configure();
        final String name = System.getProperty(PcapLibrary.PROPERTY);
        try
        {
            Native.register(PcapPacketReader.class, NativeLibrary.getInstance(name));
            registered = true;
        }
        catch (final UnsatisfiedLinkError ex)
        {
            throw PcapLibrary.missing(name, ex);
        }
    }

    /**
     * Reads the next packet, if any; on {@link #PACKET} its lengths and timestamp are available and its bytes can be
     * copied with {@link #copyTo}, until the next call. Allocates nothing.
     *
     * @return {@link #PACKET}, {@link #NONE}, {@link #ERROR} or {@link #END}.
     */
    int next()
    {
        final int rc = pcap_next_ex(pcap, headerSlot, dataSlot);
        if (rc != PACKET)
        {
            return rc;
        }
        Pointer.nativeValue(header, address(headerSlot));
        Pointer.nativeValue(data, address(dataSlot));
        final long seconds = nativeLong(header, TV_SEC);
        final long micros = nativeLong(header, TV_USEC);
        epochNanos = seconds * 1_000_000_000L + micros * 1_000L;
        capturedLength = header.getInt(CAPLEN);
        wireLength = header.getInt(LEN);
        return PACKET;
    }

    /**
     * Copies the current packet's captured bytes, cut to the array's length.
     *
     * @param buffer destination, from index 0.
     * @return bytes copied.
     */
    int copyTo(final byte[] buffer)
    {
        final int n = Math.min(capturedLength, buffer.length);
        data.read(0, buffer, 0, n);
        return n;
    }

    /** @return bytes libpcap captured of the current packet. */
    int capturedLength()
    {
        return capturedLength;
    }

    /** @return the current packet's length on the wire. */
    int wireLength()
    {
        return wireLength;
    }

    /** @return the current packet's capture time, nanoseconds since the epoch (microsecond precision). */
    long epochNanos()
    {
        return epochNanos;
    }

    /** @return libpcap's message for the last error on this handle (cold). */
    String error()
    {
        final Pointer message = pcap_geterr(pcap);
        return message == null ? "unknown libpcap error" : message.getString(0);
    }

    private static long address(final Pointer slot)
    {
        // Not getPointer(): it returns a new Pointer.
        return Native.POINTER_SIZE == Long.BYTES ? slot.getLong(0) : slot.getInt(0) & 0xFFFF_FFFFL;
    }

    private static long nativeLong(final Pointer p, final int offset)
    {
        // Not getNativeLong(): it returns a new NativeLong.
        return NativeLong.SIZE == Long.BYTES ? p.getLong(offset) : p.getInt(offset);
    }

    private static native int pcap_next_ex(Pointer pcap, Pointer header, Pointer data);

    private static native Pointer pcap_geterr(Pointer pcap);
}
