package io.wirestat.capture.pipeline;

import com.lmax.disruptor.EventHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.decode.TcpSegment;

/**
 * One tracker shard behind the ring buffer: every shard sees every event and keeps those whose flow hash selects
 * it, so both directions of a connection always meet in the same shard. The tracker is owned by the shard's thread;
 * read it from elsewhere only after the pipeline has stopped.
 */
public final class TrackerShardHandler implements EventHandler<TcpSegment>
{
    private final TcpTracker tracker;
    private final int shardId;
    private final int shardMask;

    /**
     * @param shardId    this shard's number, 0 .. shardCount-1.
     * @param shardCount number of shards, a power of two.
     * @param config     tracker settings.
     */
    public TrackerShardHandler(final int shardId, final int shardCount, final TrackerConfig config)
    {
        this.tracker = new TcpTracker(config);
        this.shardId = shardId;
        this.shardMask = shardCount - 1;
    }

    /**
     * Which shard a flow belongs to. Uses the hash's high bits: the flow table indexes by the low bits, and a shard
     * whose flows all share their low bits would crowd half its table.
     *
     * @param flowHash   direction-independent flow hash.
     * @param shardMask  shard count - 1.
     * @return the shard id.
     */
    public static int shardOf(final int flowHash, final int shardMask)
    {
        return (flowHash >>> 20) & shardMask;
    }

    @Override
    public void onEvent(final TcpSegment segment, final long sequence, final boolean endOfBatch)
    {
        if (shardOf(segment.flowHash, shardMask) == shardId)
        {
            tracker.onSegment(segment);
        }
    }

    /** @return this shard's tracker (read only after the pipeline has stopped). */
    public TcpTracker tracker()
    {
        return tracker;
    }
}
