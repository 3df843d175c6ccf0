package io.wirestat.bench.decode;

import io.wirestat.bench.gen.CaptureGenerator;
import io.wirestat.bench.gen.GeneratorOptions;
import io.wirestat.tracker.decode.TcpSegment;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A window of generated frames laid out back to back in one buffer, as a capture reader would hand them over,
 * with their lengths and the ground-truth segment of each. Built once, cold path; read-only afterwards, so it may
 * be shared by threads that only read it.
 */
public final class FrameCorpus
{
    /** Frames in the corpus. */
    public final int count;
    /** The frames, back to back. */
    public final ByteBuffer frames;
    /** Index of each frame's first byte in {@link #frames}. */
    public final int[] offsets;
    /** Captured length of each frame (at most the snap length, 96). */
    public final int[] capturedLengths;
    /** Wire length of each frame. */
    public final int[] wireLengths;
    /** What the decoder should produce for each frame (timestamp and frame number included). */
    public final TcpSegment[] expected;

    private FrameCorpus(final int count, final boolean direct)
    {
        this.count = count;
        this.frames = direct ? ByteBuffer.allocateDirect(count * 96) : ByteBuffer.allocate(count * 96);
        this.offsets = new int[count];
        this.capturedLengths = new int[count];
        this.wireLengths = new int[count];
        this.expected = new TcpSegment[count];
    }

    /**
     * Generates {@code skip + count} packets and keeps the last {@code count}: past the first seconds of the
     * capture, the mix of SYNs, data, ACKs and closes is the steady one.
     *
     * @param count  frames to keep.
     * @param skip   frames to generate and drop first.
     * @param direct true for a direct buffer (as a mapped file or libpcap would give), false for a heap one.
     * @param seed   generator seed.
     * @return the corpus.
     */
    public static FrameCorpus generate(final int count, final int skip, final boolean direct, final long seed)
    {
        final FrameCorpus corpus = new FrameCorpus(count, direct);
        final GeneratorOptions options = new GeneratorOptions();
        options.packets = (long)skip + count;
        options.connections = 1;
        options.seed = seed;
        options.verbose = false;
        final int[] n = {0};
        try
        {
            CaptureGenerator.generate(options, (segment, frame, offset, captured, wire) ->
            {
                final long index = segment.frameNumber - 1 - skip;
                if (index < 0 || index >= count)
                {
                    return;
                }
                final int i = (int)index;
                final int at = i == 0 ? 0 : corpus.offsets[i - 1] + corpus.capturedLengths[i - 1];
                corpus.frames.put(at, frame, offset, captured);
                corpus.offsets[i] = at;
                corpus.capturedLengths[i] = captured;
                corpus.wireLengths[i] = wire;
                final TcpSegment copy = new TcpSegment();
                copy.copyFrom(segment);
                corpus.expected[i] = copy;
                n[0]++;
            });
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("an in-memory sink cannot fail", ex);
        }
        if (n[0] != count)
        {
            throw new IllegalStateException("generated " + n[0] + " frames, wanted " + count);
        }
        return corpus;
    }
}
