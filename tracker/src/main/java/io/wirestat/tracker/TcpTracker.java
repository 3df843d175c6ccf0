package io.wirestat.tracker;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.function.Consumer;

/**
 * One tracker shard: the flow table and both endpoints' state machines for every connection routed to it.
 * Not thread safe; owned by one shard thread.
 */
public final class TcpTracker
{
    private final TrackerConfig config;
    private final long[] counters = new long[TrackerCounter.COUNT];

    public TcpTracker(final TrackerConfig config)
    {
        this.config = config;
    }

    /**
     * Applies one segment. Allocation free on the steady path (the table grows by doubling when full).
     *
     * @param segment decoded segment; not retained.
     */
    public void onSegment(final TcpSegment segment)
    {
        counters[TrackerCounter.SEGMENTS]++;
    }

    /**
     * Reports every connection record (closed ones included), in order of first packet, as of a point in
     * packet time (TIME_WAIT that has lasted 2·MSL by then is reported CLOSED). Cold path.
     *
     * @param asOfNanos packet time to report at, normally the capture's last timestamp.
     * @param sink      receives each record.
     */
    public void snapshot(final long asOfNanos, final Consumer<ConnectionRecord> sink)
    {
    }

    /**
     * @param id a {@link TrackerCounter} id.
     * @return its value.
     */
    public long counter(final int id)
    {
        return counters[id];
    }

    /** @return the newest packet timestamp seen, or Long.MIN_VALUE before any. */
    public long latestTimestampNanos()
    {
        return Long.MIN_VALUE;
    }
}
