package io.wirestat.capture.analysis;

import io.wirestat.capture.file.FrameHandler;
import io.wirestat.capture.filter.PacketFilter;
import io.wirestat.capture.pipeline.TrackerPipeline;
import io.wirestat.tracker.decode.FrameDecoder;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.decode.TcpSegment;

import java.nio.ByteBuffer;

/**
 * The producer side of the pipeline: for each frame a source reads, apply the filter, decode in place, and
 * publish the decoded segment into the ring. Counts every frame by outcome. Allocation free per frame.
 * Not thread safe; runs on the reading thread.
 */
final class SegmentPublisher implements FrameHandler
{
    private final FrameDecoder decoder = new FrameDecoder();
    private final TcpSegment scratch = new TcpSegment();
    private final PacketFilter filter;
    private final TrackerPipeline pipeline;
    private long frames;
    private long filteredOut;
    private long firstNanos = Long.MIN_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    SegmentPublisher(final PacketFilter filter, final TrackerPipeline pipeline)
    {
        this.filter = filter;
        this.pipeline = pipeline;
    }

    @Override
    public void onFrame(
        final ByteBuffer buffer, final int offset, final int capturedLength, final int wireLength,
        final long timestampNanos, final int linkType)
    {
        final long frameNumber = ++frames;
        if (firstNanos == Long.MIN_VALUE)
        {
            firstNanos = timestampNanos;
        }
        // Captures are not always in time order (merged or multi-queue captures); the report is as of the newest.
        if (timestampNanos > lastNanos)
        {
            lastNanos = timestampNanos;
        }
        if (!filter.accept(buffer, offset, capturedLength, wireLength, linkType))
        {
            filteredOut++;
            return;
        }
        if (decoder.decode(buffer, offset, capturedLength, wireLength, linkType, scratch) == SkipReason.OK)
        {
            scratch.timestampNanos = timestampNanos;
            scratch.frameNumber = frameNumber;
            pipeline.publish(scratch);
        }
    }

    long frames()
    {
        return frames;
    }

    long filteredOut()
    {
        return filteredOut;
    }

    long firstNanos()
    {
        return firstNanos;
    }

    long lastNanos()
    {
        return lastNanos;
    }

    FrameDecoder decoder()
    {
        return decoder;
    }
}
