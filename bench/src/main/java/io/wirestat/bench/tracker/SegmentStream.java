package io.wirestat.bench.tracker;

import io.wirestat.bench.gen.CaptureGenerator;
import io.wirestat.bench.gen.GeneratorOptions;
import io.wirestat.bench.gen.GroundTruth;
import io.wirestat.tracker.decode.TcpSegment;

import java.io.IOException;

/**
 * The first N segments of a generated capture, as pre-built {@link TcpSegment} objects (what the decoder would
 * have produced), for feeding a tracker without decoding. Cold path; read-only once built.
 */
public final class SegmentStream
{
    /** The segments, in capture order. */
    public final TcpSegment[] segments;
    /** Connections started within them. */
    public final long connections;

    private SegmentStream(final TcpSegment[] segments, final long connections)
    {
        this.segments = segments;
        this.connections = connections;
    }

    /**
     * @param count segments to keep: the capture stops at exactly this many.
     * @param seed  generator seed.
     * @return the stream.
     */
    public static SegmentStream generate(final int count, final long seed)
    {
        final TcpSegment[] segments = new TcpSegment[count];
        final GeneratorOptions options = new GeneratorOptions();
        options.packets = count;
        options.connections = 1;
        options.seed = seed;
        options.verbose = false;
        final GroundTruth truth;
        try
        {
            truth = CaptureGenerator.generate(options, (segment, frame, offset, captured, wire) ->
            {
                final TcpSegment copy = new TcpSegment();
                copy.copyFrom(segment);
                segments[(int)segment.frameNumber - 1] = copy;
            });
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("an in-memory sink cannot fail", ex);
        }
        return new SegmentStream(segments, truth.connections());
    }
}
