package io.wirestat.bench.decode;

import io.wirestat.tracker.decode.FrameDecoder;
import io.wirestat.tracker.decode.LinkType;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.decode.TcpSegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Decoding cost per frame: {@link FrameDecoder#decode} over 64 Ki realistic frames (Ethernet, IPv4 and ~10 %
 * IPv6, SYNs with options, data, ACKs, closes, snap length 96) laid out back to back in one buffer, the way a
 * capture reader hands them over. Score is ns per frame; with {@code -prof gc}, {@code gc.alloc.rate.norm} is
 * bytes per frame and should be 0.
 * <p>
 * Setup decodes every frame once and compares it with the generator's ground truth, printing how many differ, so
 * a number measured on a broken (or still stub) decoder does not pass unnoticed. One JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class FrameDecoderBenchmark
{
    /** Frames per invocation: 64 Ki frames are ~5 MB, more than L2, as a real stream is. */
    public static final int FRAMES = 1 << 16;
    private static final int SKIP = 300_000;

    /** Buffer kind: "heap" (ByteBuffer.allocate) or "direct" (allocateDirect: mapped files, libpcap). */
    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuffer frames;
    private int[] offsets;
    private int[] capturedLengths;
    private int[] wireLengths;
    private FrameDecoder decoder;
    private final TcpSegment segment = new TcpSegment();

    /** Builds the corpus and checks the decoder against the ground truth once. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final FrameCorpus corpus = FrameCorpus.generate(FRAMES, SKIP, "direct".equals(buffer), 42L);
        frames = corpus.frames;
        offsets = corpus.offsets;
        capturedLengths = corpus.capturedLengths;
        wireLengths = corpus.wireLengths;
        decoder = new FrameDecoder();
        report(checkAgainstTruth(corpus, new FrameDecoder(), new TcpSegment()));
    }

    /**
     * Decodes every frame once.
     *
     * @return a value depending on every decoded segment, so nothing is optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long decodeAll()
    {
        final FrameDecoder decoder = this.decoder;
        final TcpSegment segment = this.segment;
        final ByteBuffer frames = this.frames;
        long acc = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            final int result = decoder.decode(
                frames, offsets[i], capturedLengths[i], wireLengths[i], LinkType.ETHERNET, segment);
            acc += result + segment.seq + segment.payloadLength + segment.flowHash;
        }
        return acc;
    }

    /**
     * @return how many frames decode to something other than their ground truth (first difference printed).
     */
    static int checkAgainstTruth(final FrameCorpus corpus, final FrameDecoder decoder, final TcpSegment out)
    {
        int wrong = 0;
        for (int i = 0; i < corpus.count; i++)
        {
            final int result = decoder.decode(corpus.frames, corpus.offsets[i], corpus.capturedLengths[i],
                corpus.wireLengths[i], LinkType.ETHERNET, out);
            final String diff = result != SkipReason.OK ? "result " + SkipReason.name(result)
                : difference(corpus.expected[i], out);
            if (diff != null)
            {
                if (wrong == 0)
                {
                    System.out.println("FrameDecoderBenchmark: frame " + corpus.expected[i].frameNumber + ": " + diff);
                }
                wrong++;
            }
        }
        return wrong;
    }

    private static void report(final int wrong)
    {
        if (wrong != 0)
        {
            System.out.println("FrameDecoderBenchmark: WARNING " + wrong + " of " + FRAMES +
                " frames do not decode to their ground truth: the score does not measure a working decoder");
        }
    }

    /** @return a description of the first field that differs (timestamp and frame number are the caller's). */
    private static String difference(final TcpSegment e, final TcpSegment a)
    {
        final long[][] fields =
        {
            {e.srcHi, a.srcHi}, {e.srcLo, a.srcLo}, {e.dstHi, a.dstHi}, {e.dstLo, a.dstLo},
            {e.srcPort, a.srcPort}, {e.dstPort, a.dstPort}, {e.vlan, a.vlan}, {e.ipVersion, a.ipVersion},
            {e.seq, a.seq}, {e.ack, a.ack}, {e.flags, a.flags}, {e.window, a.window},
            {e.windowScale, a.windowScale}, {e.mss, a.mss}, {e.options, a.options},
            {e.payloadLength, a.payloadLength}, {e.ipLength, a.ipLength}, {e.flowHash, a.flowHash}
        };
        final String[] names =
        {
            "srcHi", "srcLo", "dstHi", "dstLo", "srcPort", "dstPort", "vlan", "ipVersion", "seq", "ack", "flags",
            "window", "windowScale", "mss", "options", "payloadLength", "ipLength", "flowHash"
        };
        for (int f = 0; f < fields.length; f++)
        {
            if (fields[f][0] != fields[f][1])
            {
                return names[f] + " expected " + fields[f][0] + " got " + fields[f][1];
            }
        }
        return null;
    }
}
