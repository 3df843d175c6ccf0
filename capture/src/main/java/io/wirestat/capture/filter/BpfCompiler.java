package io.wirestat.capture.filter;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Compiles tcpdump filter expressions to {@link BpfProgram}s with libpcap's own compiler ({@code pcap_compile} on a
 * {@code pcap_open_dead} handle, optimised, netmask unknown), so an expression means exactly what it means to
 * tcpdump. The native program is copied into Java arrays and released at once.
 * <p>
 * Link types are given as LINKTYPE_* values (what capture files hold); libpcap compiles for DLT_* values, which
 * differ for a few old types, so they are mapped first as libpcap's savefile reader does.
 * <p>
 * Cold path: allocates, and takes a global lock around libpcap.
 * <p>
 * Threading: thread safe.
 */
public final class BpfCompiler
{
    private static final int LINKTYPE_ATM_RFC1483 = 100;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_SLIP_BSDOS = 102;
    private static final int LINKTYPE_PPP_BSDOS = 103;
    private static final int LINKTYPE_ATM_CLIP = 106;
    private static final int OPENBSD_RAW = 14;

    private static final int DLT_ATM_RFC1483 = 11;
    private static final int DLT_RAW = 12;
    private static final int DLT_SLIP_BSDOS = 15;
    private static final int DLT_PPP_BSDOS = 16;
    private static final int DLT_ATM_CLIP = 19;

    private BpfCompiler()
    {
    }

    /**
     * @param expression tcpdump filter expression, e.g. {@code "tcp port 443"}.
     * @param linkType   LINKTYPE_* of the frames the program will see.
     * @return the validated program.
     * @throws LibpcapMissingException if libpcap cannot be loaded.
     * @throws FilterException         if libpcap refuses the expression for this link type; the message carries
     *                                 libpcap's own words and the link type.
     */
    public static BpfProgram compile(final String expression, final int linkType)
    {
        final Memory nativeProgram = LibPcap.compile(expression, linkType, dltOf(linkType));
        try
        {
            return copy(nativeProgram, expression, linkType);
        }
        finally
        {
            LibPcap.free(nativeProgram);
        }
    }

    /**
     * Maps a LINKTYPE_* value (capture files) to the DLT_* value libpcap compiles for, as libpcap's
     * {@code linktype_to_dlt} does on Linux. Raw IP written as 12 or 14 (OpenBSD's DLT_RAW) is taken as raw IP.
     *
     * @param linkType LINKTYPE_* value.
     * @return the DLT_* value.
     */
    public static int dltOf(final int linkType)
    {
        switch (linkType)
        {
            case LINKTYPE_RAW:
            case OPENBSD_RAW:
                return DLT_RAW;
            case LINKTYPE_ATM_RFC1483:
                return DLT_ATM_RFC1483;
            case LINKTYPE_SLIP_BSDOS:
                return DLT_SLIP_BSDOS;
            case LINKTYPE_PPP_BSDOS:
                return DLT_PPP_BSDOS;
            case LINKTYPE_ATM_CLIP:
                return DLT_ATM_CLIP;
            default:
                return linkType;
        }
    }

    private static BpfProgram copy(final Memory nativeProgram, final String expression, final int linkType)
    {
        final int length = nativeProgram.getInt(0);
        final Pointer insns = nativeProgram.getPointer(LibPcap.PROGRAM_INSNS_OFFSET);
        if (length <= 0 || insns == null)
        {
            throw new FilterException(
                "libpcap compiled '" + expression + "' to an empty program for " + LibPcap.describe(linkType),
                expression, linkType, null, null);
        }
        final int[] code = new int[length];
        final int[] jt = new int[length];
        final int[] jf = new int[length];
        final int[] k = new int[length];
        for (int i = 0; i < length; i++)
        {
            // struct bpf_insn is in host byte order, which is what Pointer's getters read.
            final long at = (long)i * LibPcap.INSN_SIZE;
            code[i] = insns.getShort(at) & 0xFFFF;
            jt[i] = insns.getByte(at + 2) & 0xFF;
            jf[i] = insns.getByte(at + 3) & 0xFF;
            k[i] = insns.getInt(at + 4);
        }
        try
        {
            return BpfProgram.of(code, jt, jf, k);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new FilterException(
                "libpcap compiled '" + expression + "' for " + LibPcap.describe(linkType) +
                " to a program we cannot run: " + ex.getMessage(), expression, linkType, null, ex);
        }
    }
}
