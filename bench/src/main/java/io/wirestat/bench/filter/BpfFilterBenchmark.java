package io.wirestat.bench.filter;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.wirestat.capture.filter.BpfCompiler;
import io.wirestat.capture.filter.BpfInterpreter;
import io.wirestat.capture.filter.BpfProgram;
import io.wirestat.capture.filter.LibpcapReferenceFilter;
import io.wirestat.capture.filter.PacketFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Nanoseconds per frame for a tcpdump filter: our interpreter (bare, and behind the {@link PacketFilter} facade the
 * pipeline uses) against libpcap's {@code pcap_offline_filter} called through JNA direct mapping, on the same
 * synthetic Ethernet frames. The libpcap side gets its frames and headers pre-built in native memory, so it pays
 * one JNA call per frame and nothing else.
 * <p>
 * Run: {@code java -jar bench/target/benchmarks.jar BpfFilter -f 1 -wi 2 -i 3}.
 * <p>
 * Threading: one state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BpfFilterBenchmark
{
    /** Frames per invocation; a power of two that keeps the frames in L2. */
    static final int FRAMES = 1024;
    private static final int SLOT = 128;
    private static final int LINKTYPE_ETHERNET = 1;

    /** The filter expression. */
    @Param({"tcp", "tcp port 443", "host 10.1.2.3 and tcp[tcpflags] & tcp-syn != 0"})
    public String expression;

    private final BpfInterpreter interpreter = new BpfInterpreter();
    private final ByteBuffer heapFrames = ByteBuffer.allocate(FRAMES * SLOT);
    private final int[] capturedLengths = new int[FRAMES];
    private final int[] wireLengths = new int[FRAMES];
    private final Pointer[] nativeFrames = new Pointer[FRAMES];
    private final Pointer[] nativeHeaders = new Pointer[FRAMES];
    private Memory nativeFrameMemory;
    private Memory nativeHeaderMemory;
    private BpfProgram program;
    private PacketFilter packetFilter;
    private LibpcapReferenceFilter libpcap;

    /**
     * Builds the frames, compiles the expression both ways and checks that both give the same verdicts.
     */
    @Setup
    public void setUp()
    {
        final Random random = new Random(42);
        nativeFrameMemory = new Memory((long)FRAMES * SLOT);
        nativeHeaderMemory = new Memory((long)FRAMES * LibpcapReferenceFilter.HEADER_SIZE);
        nativeHeaderMemory.clear();
        final byte[] frame = new byte[SLOT];
        for (int i = 0; i < FRAMES; i++)
        {
            final int wireLength = SyntheticFrames.write(random, frame);
            final int capturedLength = Math.min(wireLength, SLOT);
            capturedLengths[i] = capturedLength;
            wireLengths[i] = wireLength;
            heapFrames.put(i * SLOT, frame, 0, capturedLength);
            nativeFrameMemory.write((long)i * SLOT, frame, 0, capturedLength);
            nativeFrames[i] = nativeFrameMemory.share((long)i * SLOT, SLOT);
            nativeHeaders[i] = nativeHeaderMemory.share(
                (long)i * LibpcapReferenceFilter.HEADER_SIZE, LibpcapReferenceFilter.HEADER_SIZE);
            LibpcapReferenceFilter.writeHeader(nativeHeaders[i], capturedLength, wireLength);
        }
        program = BpfCompiler.compile(expression, LINKTYPE_ETHERNET);
        packetFilter = PacketFilter.compile(expression);
        libpcap = new LibpcapReferenceFilter(expression, LINKTYPE_ETHERNET);

        final int ours = interpreter();
        final int theirs = libpcapViaJna();
        if (ours != theirs || ours == 0 || ours == FRAMES)
        {
            throw new IllegalStateException(
                "'" + expression + "': ours accepted " + ours + ", libpcap " + theirs + " of " + FRAMES);
        }
    }

    /**
     * Releases the native program.
     */
    @TearDown
    public void tearDown()
    {
        libpcap.close();
    }

    /**
     * @return frames accepted by the bare interpreter.
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int interpreter()
    {
        int accepted = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            if (interpreter.run(program, heapFrames, i * SLOT, capturedLengths[i], wireLengths[i]) != 0)
            {
                accepted++;
            }
        }
        return accepted;
    }

    /**
     * @return frames accepted through the facade (link type lookup included).
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int packetFilter()
    {
        int accepted = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            if (packetFilter.accept(heapFrames, i * SLOT, capturedLengths[i], wireLengths[i], LINKTYPE_ETHERNET))
            {
                accepted++;
            }
        }
        return accepted;
    }

    /**
     * @return frames accepted by libpcap's pcap_offline_filter, one JNA call each.
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int libpcapViaJna()
    {
        int accepted = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            if (libpcap.filter(nativeHeaders[i], nativeFrames[i]) != 0)
            {
                accepted++;
            }
        }
        return accepted;
    }
}
