package io.wirestat.capture.analysis;

import io.wirestat.capture.file.ReadProgress;
import io.wirestat.capture.pipeline.TrackerPipeline;
import io.wirestat.capture.pipeline.TrackerShardHandler;

/**
 * How far an offline analysis has got, for a progress display: the readers' position and frames
 * ({@link ReadProgress}) and the connections the tracker shards hold. Filled by {@link OfflineAnalyzer} on the
 * reading thread; read by the display's thread while the analysis runs.
 * <p>
 * The connection count is a racy read of each shard's {@code TcpTracker.connectionCount()}, a plain {@code int} the
 * shard's thread writes: an int is never torn, and a display a few segments behind is what a display is. The
 * trackers are not touched otherwise, so the hot path pays nothing for it.
 */
public final class AnalysisProgress
{
    private final ReadProgress read = new ReadProgress();
    private volatile TrackerShardHandler[] shards;

    /** @return where the readers publish their position (written by the reading thread only). */
    public ReadProgress read()
    {
        return read;
    }

    /**
     * @param pipeline the pipeline whose shards' connection counts {@link #connectionsTracked()} sums.
     */
    void tracking(final TrackerPipeline pipeline)
    {
        shards = pipeline.shards();
    }

    /** @return connection records the shards hold (0 before the pipeline starts); any thread, racy by design. */
    public long connectionsTracked()
    {
        final TrackerShardHandler[] current = shards;
        if (current == null)
        {
            return 0;
        }
        long total = 0;
        for (final TrackerShardHandler shard : current)
        {
            total += shard.tracker().connectionCount();
        }
        return total;
    }
}
