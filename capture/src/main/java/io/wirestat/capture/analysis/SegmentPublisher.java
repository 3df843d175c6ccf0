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
 * publish the decoded segment into the ring. Counts every frame by outcome, so that
 * {@code frames = filteredOut + skipped (decoder, by reason) + published + ringOverflow}. Allocation free per frame.
 * <p>
 * Offline, publishing waits for a free slot; live ({@code dropWhenFull}), a full ring drops the segment and counts it
 * in {@link #ringOverflow()}, because a blocked capture thread would make the kernel drop instead, uncounted by us.
 * <p>
 * Not thread safe; runs on the reading (capture) thread, and its counters are read there too (or after it ended).
 */
public final class SegmentPublisher implements FrameHandler
{
    private final FrameDecoder decoder = new FrameDecoder();
    private final TcpSegment scratch = new TcpSegment();
    private final PacketFilter filter;
    private final TrackerPipeline pipeline;
    private final boolean dropWhenFull;
    private long frames;
    private long filteredOut;
    private long published;
    private long ringOverflow;
    private long firstNanos = Long.MIN_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    SegmentPublisher(final PacketFilter filter, final TrackerPipeline pipeline)
    {
        this(filter, pipeline, false);
    }

    /**
     * @param filter       applied to every frame before decoding ({@link PacketFilter#ACCEPT_ALL} for none).
     * @param pipeline     where decoded segments go.
     * @param dropWhenFull true (live) to drop and count a segment when the ring is full instead of waiting.
     */
    public SegmentPublisher(final PacketFilter filter, final TrackerPipeline pipeline, final boolean dropWhenFull)
    {
        this.filter = filter;
        this.pipeline = pipeline;
        this.dropWhenFull = dropWhenFull;
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
            if (!dropWhenFull)
            {
                pipeline.publishDeferred(scratch);
                published++;
            }
            else if (pipeline.tryPublish(scratch))
            {
                published++;
            }
            else
            {
                ringOverflow++;
            }
        }
    }

    /** @return frames handed to {@link #onFrame}. */
    public long frames()
    {
        return frames;
    }

    /** @return frames the filter rejected. */
    public long filteredOut()
    {
        return filteredOut;
    }

    /** @return segments published into the ring. */
    public long published()
    {
        return published;
    }

    /** @return decoded segments dropped because the ring was full (live only; always 0 offline). */
    public long ringOverflow()
    {
        return ringOverflow;
    }

    /** @return timestamp of the first frame, or Long.MIN_VALUE before any. */
    public long firstNanos()
    {
        return firstNanos;
    }

    /** @return the newest frame timestamp, or Long.MIN_VALUE before any. */
    public long lastNanos()
    {
        return lastNanos;
    }

    /** @return the decoder, whose per-reason counts say why frames were skipped. */
    public FrameDecoder decoder()
    {
        return decoder;
    }
}
