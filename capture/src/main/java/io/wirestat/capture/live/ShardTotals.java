package io.wirestat.capture.live;

import io.wirestat.capture.pipeline.TrackerPipeline;
import io.wirestat.capture.pipeline.TrackerShardHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The shards' part of a final status, read once the pipeline has drained and stopped: every tracker's connections
 * as of the end, its counters summed, and its connection events. Read straight from the trackers, not through a
 * snapshot request, as nothing runs on the shards any more. Apart from the sources because {@link LiveCapture} and
 * {@link StreamPacketSource} finish the same way. Not thread safe: built and read by the finishing thread.
 */
final class ShardTotals
{
    private final List<ConnectionRecord> connections = new ArrayList<>();
    private final long[] trackerCounters = new long[TrackerCounter.COUNT];
    private final List<TcpTracker> trackers = new ArrayList<>();

    /**
     * @param pipeline  a pipeline that has drained and stopped.
     * @param asOfNanos the time to report states at; a tracker whose newest packet is later reports at that packet.
     */
    ShardTotals(final TrackerPipeline pipeline, final long asOfNanos)
    {
        for (final TrackerShardHandler shard : pipeline.shards())
        {
            final TcpTracker tracker = shard.tracker();
            trackers.add(tracker);
            tracker.snapshot(Math.max(asOfNanos, tracker.latestTimestampNanos()), connections::add);
            for (int c = 0; c < TrackerCounter.COUNT; c++)
            {
                trackerCounters[c] += tracker.counter(c);
            }
        }
    }

    /** @return every shard's connections, sorted by first packet when called (the list is sorted in place). */
    List<ConnectionRecord> connections()
    {
        return LiveStatus.sorted(connections);
    }

    /** @return the tracker counters summed over the shards, indexed by {@link TrackerCounter}. */
    long[] trackerCounters()
    {
        return trackerCounters;
    }

    /** @return the connection events summed over the shards, computed when called. */
    long[] connectionEvents()
    {
        return LiveStatus.connectionEvents(trackers);
    }
}
