package io.wirestat.capture.pipeline;

import com.lmax.disruptor.EventHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.decode.TcpSegment;

/**
 * One tracker shard behind the ring buffer: every shard sees every event and keeps those whose flow hash selects
 * it, so both directions of a connection always meet in the same shard. The tracker is owned by the shard's thread;
 * read it from elsewhere only after the pipeline has stopped, or, while it runs, through a control event
 * ({@link #CONTROL_IP_VERSION}): the shard then answers a {@link SnapshotRequest} on its own thread.
 */
public final class TrackerShardHandler implements EventHandler<TcpSegment>
{
    /**
     * A ring slot whose {@code ipVersion} is this value is a control event, not a segment: the decoder only ever
     * produces 4 or 6, so the sentinel needs no new field in {@code TcpSegment}. Its {@code frameNumber} carries the
     * id of the {@link SnapshotRequest} to answer.
     */
    public static final int CONTROL_IP_VERSION = 0;

    private final TcpTracker tracker;
    private final int shardId;
    private final int shardMask;
    private final SnapshotRequests requests;

    /**
     * @param shardId    this shard's number, 0 .. shardCount-1.
     * @param shardCount number of shards, a power of two.
     * @param config     tracker settings.
     */
    public TrackerShardHandler(final int shardId, final int shardCount, final TrackerConfig config)
    {
        this(shardId, shardCount, config, null);
    }

    /**
     * @param shardId    this shard's number, 0 .. shardCount-1.
     * @param shardCount number of shards, a power of two.
     * @param config     tracker settings.
     * @param requests   where control events find their snapshot request, or null if none are ever published.
     */
    TrackerShardHandler(
        final int shardId, final int shardCount, final TrackerConfig config, final SnapshotRequests requests)
    {
        this.tracker = new TcpTracker(config);
        this.shardId = shardId;
        this.shardMask = shardCount - 1;
        this.requests = requests;
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
        if (segment.ipVersion == CONTROL_IP_VERSION)
        {
            onControl(segment.frameNumber);
        }
        else if (shardOf(segment.flowHash, shardMask) == shardId)
        {
            tracker.onSegment(segment);
        }
    }

    private void onControl(final long requestId)
    {
        // Cold: a few times per second at most, while live.
        if (requests != null)
        {
            requests.answer(requestId, tracker);
        }
    }

    /** @return this shard's tracker (read only after the pipeline has stopped). */
    public TcpTracker tracker()
    {
        return tracker;
    }
}
