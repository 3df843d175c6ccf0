package io.wirestat.capture.filter;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * libpcap's own filter, {@code pcap_offline_filter}, on a program compiled by libpcap: the reference our
 * {@link BpfInterpreter} is checked against (tests) and measured against (benchmarks). Not for the pipeline: every
 * call crosses JNA.
 * <p>
 * Threading: not thread safe (the packet and header buffers are reused). Close it to release the native program.
 */
public final class LibpcapReferenceFilter implements AutoCloseable
{
    /** Offset of {@code caplen} in struct pcap_pkthdr: after a struct timeval of two C longs. */
    public static final int HEADER_CAPLEN_OFFSET = 2 * NativeLong.SIZE;
    /** Offset of {@code len} in struct pcap_pkthdr. */
    public static final int HEADER_LEN_OFFSET = HEADER_CAPLEN_OFFSET + 4;
    /** sizeof(struct pcap_pkthdr) on Linux and macOS (no trailing fields). */
    public static final int HEADER_SIZE = HEADER_LEN_OFFSET + 4;

    private static final int MAX_FRAME = LibPcap.SNAPLEN;

    private final Memory program;
    private final Memory header = new Memory(HEADER_SIZE);
    private Memory packet;
    private boolean closed;

    /**
     * @param expression tcpdump filter expression.
     * @param linkType   LINKTYPE_* of the frames.
     * @throws FilterException as {@link BpfCompiler#compile(String, int)}.
     */
    public LibpcapReferenceFilter(final String expression, final int linkType)
    {
        program = LibPcap.compile(expression, linkType, BpfCompiler.dltOf(linkType));
        header.clear();
    }

    /**
     * Fills a native struct pcap_pkthdr (timestamp zero).
     *
     * @param header         at least {@link #HEADER_SIZE} bytes.
     * @param capturedLength caplen.
     * @param wireLength     len.
     */
    public static void writeHeader(final Pointer header, final int capturedLength, final int wireLength)
    {
        header.setInt(HEADER_CAPLEN_OFFSET, capturedLength);
        header.setInt(HEADER_LEN_OFFSET, wireLength);
    }

    /**
     * Filters a frame already in native memory, the cheapest way in: one JNA call.
     *
     * @param pcapHeader a struct pcap_pkthdr.
     * @param frame      the captured bytes.
     * @return libpcap's verdict: 0 rejects, anything else accepts.
     */
    public int filter(final Pointer pcapHeader, final Pointer frame)
    {
        return LibPcap.pcap_offline_filter(program, pcapHeader, frame);
    }

    /**
     * Copies a frame into native memory and filters it.
     *
     * @param frame          holds the captured bytes.
     * @param offset         index of the first captured byte.
     * @param capturedLength captured bytes.
     * @param wireLength     length on the wire.
     * @return libpcap's verdict: 0 rejects, anything else accepts.
     */
    public int filter(final byte[] frame, final int offset, final int capturedLength, final int wireLength)
    {
        if (capturedLength > MAX_FRAME)
        {
            throw new IllegalArgumentException("frame of " + capturedLength + " bytes > " + MAX_FRAME);
        }
        if (packet == null)
        {
            packet = new Memory(MAX_FRAME);
        }
        if (capturedLength > 0)
        {
            packet.write(0, frame, offset, capturedLength);
        }
        writeHeader(header, capturedLength, wireLength);
        return LibPcap.pcap_offline_filter(program, header, packet);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            LibPcap.free(program);
        }
    }
}
