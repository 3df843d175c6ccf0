package io.wirestat.capture.filter;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The few libpcap functions the filter package calls, bound with JNA direct mapping (static natives, the cheapest
 * JNA call path), plus the one place that loads the library.
 * <p>
 * The library is looked up as "pcap" first (the {@code libpcap.so} development symlink, or libpcap.dylib), then
 * by the runtime sonames, because a user's machine often has only the runtime package: Debian's
 * {@code libpcap0.8} ships {@code libpcap.so.0.8} and {@code libpcap.so.1.x} but no {@code libpcap.so}.
 * <p>
 * Threading: {@link #ensureLoaded()} is thread safe. {@link #compile} serialises compilations on one lock, since
 * libpcap before 1.8 compiled with global parser state.
 */
final class LibPcap
{
    /** Library names tried in order. */
    static final String[] LIBRARY_NAMES = {"pcap", "libpcap.so.1", "libpcap.so.0.8"};

    /** libpcap's MAXIMUM_SNAPLEN; the RET values of compiled programs, irrelevant to accept/reject. */
    static final int SNAPLEN = 262_144;

    /** PCAP_NETMASK_UNKNOWN: only "ip broadcast" needs a netmask, and it then fails with a clear message. */
    static final int NETMASK_UNKNOWN = 0xFFFF_FFFF;

    /** sizeof(struct bpf_program): a u_int then a pointer, which is aligned to its own size. */
    static final int PROGRAM_SIZE = 2 * Native.POINTER_SIZE;

    /** Offset of {@code bf_insns} in struct bpf_program. */
    static final int PROGRAM_INSNS_OFFSET = Native.POINTER_SIZE;

    /** sizeof(struct bpf_insn): u_short code, u_char jt, u_char jf, bpf_u_int32 k. */
    static final int INSN_SIZE = 8;

    private static final Object COMPILE_LOCK = new Object();
    private static boolean loaded;
    private static LibpcapMissingException missing;

    private LibPcap()
    {
    }

    /**
     * Loads libpcap and binds the natives below, once.
     *
     * @throws LibpcapMissingException if no library name could be loaded; thrown again on every later call.
     */
    static synchronized void ensureLoaded()
    {
        if (loaded)
        {
            return;
        }
        if (missing != null)
        {
            throw missing;
        }
        UnsatisfiedLinkError last = null;
        for (final String name : LIBRARY_NAMES)
        {
            try
            {
                Native.register(LibPcap.class, NativeLibrary.getInstance(name));
                loaded = true;
                return;
            }
            catch (final UnsatisfiedLinkError ex)
            {
                last = ex;
            }
        }
        missing = new LibpcapMissingException(missingMessage(), last);
        throw missing;
    }

    /**
     * @return what to tell the user when libpcap cannot be loaded.
     */
    static String missingMessage()
    {
        return "libpcap is missing: it is needed to compile filter expressions (tried " +
            String.join(", ", LIBRARY_NAMES) + "). Install it: 'apt-get install libpcap0.8' (Debian, Ubuntu), " +
            "'dnf install libpcap' (Fedora, RHEL), 'apk add libpcap' (Alpine); macOS ships it.";
    }

    /**
     * Compiles an expression with libpcap into a native {@code struct bpf_program}.
     *
     * @param expression filter expression.
     * @param linkType   LINKTYPE_* value the program will see, for messages.
     * @param dlt        the DLT_* value libpcap compiles for.
     * @return the program, owned by the caller, who must release it with {@link #free(Memory)}.
     * @throws FilterException with libpcap's message if libpcap refuses the expression.
     */
    static Memory compile(final String expression, final int linkType, final int dlt)
    {
        ensureLoaded();
        synchronized (COMPILE_LOCK)
        {
            final Pointer pcap = pcap_open_dead(dlt, SNAPLEN);
            if (pcap == null)
            {
                throw new FilterException(
                    "cannot compile filter '" + expression + "': pcap_open_dead failed for " + describe(linkType),
                    expression, linkType, null, null);
            }
            try
            {
                final Memory program = new Memory(PROGRAM_SIZE);
                program.clear();
                if (pcap_compile(pcap, program, expression, 1, NETMASK_UNKNOWN) != 0)
                {
                    final Pointer error = pcap_geterr(pcap);
                    final String message = error == null ? "unknown error" : error.getString(0);
                    throw new FilterException(
                        "invalid filter '" + expression + "' for " + describe(linkType) + ": " + message,
                        expression, linkType, message, null);
                }
                return program;
            }
            finally
            {
                pcap_close(pcap);
            }
        }
    }

    /**
     * @param program a program from {@link #compile}.
     */
    static void free(final Memory program)
    {
        pcap_freecode(program);
    }

    /**
     * @param linkType LINKTYPE_* value.
     * @return e.g. "link type 1 (EN10MB)", with libpcap's name when it has one.
     */
    static String describe(final int linkType)
    {
        String name = null;
        if (loaded)
        {
            name = pcap_datalink_val_to_name(BpfCompiler.dltOf(linkType));
        }
        return "link type " + linkType + (name == null ? "" : " (" + name + ")");
    }

    static native Pointer pcap_open_dead(int linktype, int snaplen);

    static native int pcap_compile(Pointer pcap, Pointer program, String expression, int optimize, int netmask);

    static native Pointer pcap_geterr(Pointer pcap);

    static native void pcap_freecode(Pointer program);

    static native void pcap_close(Pointer pcap);

    static native String pcap_datalink_val_to_name(int dlt);

    static native String pcap_lib_version();

    static native int pcap_offline_filter(Pointer program, Pointer header, Pointer packet);
}
