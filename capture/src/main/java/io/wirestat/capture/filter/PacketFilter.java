package io.wirestat.capture.filter;

import io.wirestat.tracker.decode.LinkType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A tcpdump filter expression applied to frames from any source, with tcpdump's semantics: libpcap compiles the
 * expression ({@link BpfCompiler}), our {@link BpfInterpreter} runs it.
 * <p>
 * A compiled program depends on the link type (where the IP header starts), and a pcapng file can mix link types,
 * so programs are compiled lazily, once per link type seen, and kept in two small parallel arrays searched
 * linearly, last hit first: no map, no boxing on the per-frame path. {@link #compile(String)} compiles for
 * Ethernet at once so that a typo fails before any file is read.
 * <p>
 * A link type libpcap cannot compile the expression for (e.g. {@code ether host ...} on raw IP) does not stop the
 * analysis: its frames are rejected, as no frame of that type can match, and the error is kept in
 * {@link #linkTypeErrors()} for the caller to report.
 * <p>
 * Threading: not thread safe (the program cache and the interpreter's scratch memory are per instance); use one
 * instance per thread. {@link #ACCEPT_ALL} is stateless and may be shared.
 */
public final class PacketFilter
{
    /** Accepts every frame; what no filter (or a blank one) means. Thread safe. */
    public static final PacketFilter ACCEPT_ALL = new PacketFilter(null);

    private static final int INITIAL_LINK_TYPES = 4;
    private static final int NO_LINK_TYPE = Integer.MIN_VALUE;
    private static final BpfProgram REJECT_ALL = BpfProgram.builder().stmt(BpfOpcodes.RET | BpfOpcodes.K, 0).build();

    private final String expression;
    private final BpfInterpreter interpreter;
    private final List<FilterException> linkTypeErrors;
    private int[] linkTypes;
    private BpfProgram[] programs;
    private int count;
    private int lastLinkType = NO_LINK_TYPE;
    private BpfProgram lastProgram;

    private PacketFilter(final String expression)
    {
        this.expression = expression;
        if (expression == null)
        {
            interpreter = null;
            linkTypeErrors = Collections.emptyList();
        }
        else
        {
            interpreter = new BpfInterpreter();
            linkTypeErrors = new ArrayList<>();
            linkTypes = new int[INITIAL_LINK_TYPES];
            programs = new BpfProgram[INITIAL_LINK_TYPES];
        }
    }

    /**
     * Compiles an expression, eagerly for Ethernet so that a bad expression fails here, before reading.
     *
     * @param expression tcpdump filter expression; null or blank means {@link #ACCEPT_ALL}.
     * @return the filter.
     * @throws LibpcapMissingException if libpcap cannot be loaded (message says how to install it).
     * @throws FilterException         if libpcap refuses the expression; the message carries libpcap's.
     */
    public static PacketFilter compile(final String expression)
    {
        if (expression == null || expression.isBlank())
        {
            return ACCEPT_ALL;
        }
        final PacketFilter filter = new PacketFilter(expression);
        filter.add(LinkType.ETHERNET, BpfCompiler.compile(expression, LinkType.ETHERNET));
        return filter;
    }

    /**
     * @return the expression, or null for {@link #ACCEPT_ALL}.
     */
    public String expression()
    {
        return expression;
    }

    /**
     * Decides one frame. Allocation-free once the frame's link type has been seen.
     *
     * @param buffer         holds the frame, indexed absolutely.
     * @param offset         index of the frame's first captured byte.
     * @param capturedLength captured bytes.
     * @param wireLength     length on the wire (what {@code len} and {@code greater} test).
     * @param linkType       LINKTYPE_* of the frame.
     * @return true if the frame passes the filter.
     */
    public boolean accept(
        final ByteBuffer buffer,
        final int offset,
        final int capturedLength,
        final int wireLength,
        final int linkType)
    {
        if (interpreter == null)
        {
            return true;
        }
        final BpfProgram program = linkType == lastLinkType ? lastProgram : programFor(linkType);
        return interpreter.run(program, buffer, offset, capturedLength, wireLength) != 0;
    }

    /**
     * @return one error per link type the expression could not be compiled for (its frames were rejected), in the
     * order met; empty if none. The list is live: read it after the frames are processed.
     */
    public List<FilterException> linkTypeErrors()
    {
        return Collections.unmodifiableList(linkTypeErrors);
    }

    private BpfProgram programFor(final int linkType)
    {
        BpfProgram program = null;
        for (int i = 0; i < count; i++)
        {
            if (linkTypes[i] == linkType)
            {
                program = programs[i];
                break;
            }
        }
        if (program == null)
        {
            program = compileFor(linkType);
            add(linkType, program);
        }
        lastLinkType = linkType;
        lastProgram = program;
        return program;
    }

    private BpfProgram compileFor(final int linkType)
    {
        // Cold: once per new link type in a capture.
        try
        {
            return BpfCompiler.compile(expression, linkType);
        }
        catch (final LibpcapMissingException ex)
        {
            throw ex;
        }
        catch (final FilterException ex)
        {
            linkTypeErrors.add(ex);
            return REJECT_ALL;
        }
    }

    private void add(final int linkType, final BpfProgram program)
    {
        if (count == linkTypes.length)
        {
            linkTypes = Arrays.copyOf(linkTypes, count * 2);
            programs = Arrays.copyOf(programs, count * 2);
        }
        linkTypes[count] = linkType;
        programs[count] = program;
        count++;
    }
}
