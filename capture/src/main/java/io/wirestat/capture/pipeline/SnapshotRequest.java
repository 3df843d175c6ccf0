package io.wirestat.capture.pipeline;

import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.timeline.StateCensus;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A consistent snapshot of every shard while the pipeline runs. The producer publishes it into the ring as a control
 * event ({@link TrackerPipeline#publishSnapshotRequest(long)}); each shard answers on its own thread when the event
 * reaches it, so it reports exactly the segments published before the request, without any lock on the tracker.
 * <p>
 * Threading: {@link #answer} is called once per shard, from that shard's thread; the other methods from any thread.
 * The answers are published to readers through the latch ({@link #await} returning true happens-after every
 * answer).
 */
public final class SnapshotRequest
{
    private final long id;
    private final long asOfNanos;
    private final CountDownLatch remaining;
    private final List<ConnectionRecord> connections = new ArrayList<>();
    private final long[] trackerCounters = new long[TrackerCounter.COUNT];
    private final long[] connectionEvents = new long[StateCensus.EVENT_COUNT];

    SnapshotRequest(final long id, final long asOfNanos, final int shards)
    {
        this.id = id;
        this.asOfNanos = asOfNanos;
        this.remaining = new CountDownLatch(shards);
    }

    /** @return the request's id, carried through the ring in the control event's frame number. */
    long id()
    {
        return id;
    }

    /**
     * Called by a shard's thread when the control event reaches it.
     *
     * @param tracker the shard's tracker, read on its owning thread.
     * @return true when this was the last shard to answer.
     */
    boolean answer(final TcpTracker tracker)
    {
        // Live, packet timestamps (kernel CLOCK_REALTIME) may be a hair ahead of the wall clock read by the requester:
        // never report as of a time before a packet the tracker has already applied.
        final long asOf = Math.max(asOfNanos, tracker.latestTimestampNanos());
        synchronized (this)
        {
            tracker.snapshot(asOf, connections::add);
            for (int c = 0; c < TrackerCounter.COUNT; c++)
            {
                trackerCounters[c] += tracker.counter(c);
            }
            for (int e = 0; e < StateCensus.EVENT_COUNT; e++)
            {
                connectionEvents[e] += tracker.census().events(e);
            }
        }
        remaining.countDown();
        return remaining.getCount() == 0;
    }

    /**
     * @param timeout how long to wait.
     * @param unit    unit of timeout.
     * @return true when every shard has answered.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean await(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return remaining.await(timeout, unit);
    }

    /** @return the time the snapshot was asked for; timers (TIME_WAIT expiry) are evaluated at it. */
    public long asOfNanos()
    {
        return asOfNanos;
    }

    /** @return every shard's connection records (closed ones included); valid after {@link #await} returned true. */
    public synchronized List<ConnectionRecord> connections()
    {
        return new ArrayList<>(connections);
    }

    /**
     * @return connections opened (active, passive), closed and reset so far, by {@link StateCensus} event id, summed
     *         over the shards; valid after {@link #await} returned true.
     */
    public synchronized long[] connectionEvents()
    {
        return connectionEvents.clone();
    }

    /**
     * @param id a {@link TrackerCounter} id.
     * @return its sum over the shards; valid after {@link #await} returned true.
     */
    public synchronized long trackerCounter(final int id)
    {
        return trackerCounters[id];
    }
}
