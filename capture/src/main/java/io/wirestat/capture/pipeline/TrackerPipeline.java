package io.wirestat.capture.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.decode.TcpSegment;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The ring buffer between capture and tracking:
 * <pre>
 *  reader/decoder thread ──publish(TcpSegment copy)──▶ RingBuffer&lt;TcpSegment&gt; (2^n pre-allocated slots)
 *                                                        │  every shard reads every slot,
 *                                                        ▼  keeps the flows whose hash selects it
 *                                     TrackerShardHandler 0 … TrackerShardHandler K-1 (one thread each)
 * </pre>
 * Slots hold only primitives (decoded headers, no packet bytes), so publishing allocates nothing and nothing has
 * to be cleared. Single producer: {@link #publish(TcpSegment)}, {@link #tryPublish(TcpSegment)} and
 * {@link #publishSnapshotRequest(long)} must be called from one thread, the producer's.
 * <p>
 * Live capture must never block on a full ring (the kernel would then drop packets where we cannot count them), so
 * it uses {@link #tryPublish(TcpSegment)} and counts refusals; offline reading uses {@link #publish(TcpSegment)},
 * which waits. Snapshots of running shards travel through the ring as control events (see
 * {@link TrackerShardHandler#CONTROL_IP_VERSION}).
 */
public final class TrackerPipeline implements AutoCloseable
{
    private static final long DRAIN_POLL_NANOS = 100_000L;
    /** Events made visible together by {@link #publishDeferred} (at most a quarter of the ring). */
    private static final int DEFER_BATCH = 64;
    private static final long DRAIN_LIMIT_NANOS = 3_600_000_000_000L;

    private final Disruptor<TcpSegment> disruptor;
    private final RingBuffer<TcpSegment> ring;
    private final TrackerShardHandler[] shards;
    private final CountingExceptionHandler exceptions = new CountingExceptionHandler();
    private final SnapshotRequests requests = new SnapshotRequests();
    private long published;
    /** Events claimed and filled by {@link #publishDeferred} but not yet made visible, and the last one's sequence. */
    private int deferred;
    private long lastDeferred = -1;
    private final int deferBatch;
    private long nextRequestId;
    private boolean stopped;

    /**
     * @param shardCount   tracker shards (consumer threads), a power of two.
     * @param ringSize     ring slots, a power of two.
     * @param config       tracker settings for every shard.
     * @param waitStrategy how consumers wait for events.
     */
    @SuppressWarnings("unchecked")
    public TrackerPipeline(
        final int shardCount, final int ringSize, final TrackerConfig config, final WaitStrategy waitStrategy)
    {
        if (shardCount < 1 || Integer.bitCount(shardCount) != 1)
        {
            throw new IllegalArgumentException("shard count must be a power of 2, shards=" + shardCount);
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of 2, ringSize=" + ringSize);
        }
        disruptor = new Disruptor<>(TcpSegment::new, ringSize, daemonThreads(), ProducerType.SINGLE, waitStrategy);
        shards = new TrackerShardHandler[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            shards[i] = new TrackerShardHandler(i, shardCount, config, requests);
        }
        disruptor.handleEventsWith(shards);
        disruptor.setDefaultExceptionHandler(exceptions);
        ring = disruptor.start();
        deferBatch = Math.max(1, Math.min(DEFER_BATCH, ringSize / 4));
    }

    /**
     * @param shardCount tracker shards.
     * @param ringSize   ring slots.
     * @param config     tracker settings.
     * @return a pipeline whose consumers yield while waiting (best throughput when cores are not oversubscribed).
     */
    public static TrackerPipeline start(final int shardCount, final int ringSize, final TrackerConfig config)
    {
        return new TrackerPipeline(shardCount, ringSize, config, new YieldingWaitStrategy());
    }

    /**
     * Copies a decoded segment into the next slot and publishes it; waits while the ring is full (offline, the
     * reader simply slows to the trackers' pace: nothing is dropped).
     *
     * @param segment decoded segment; copied, not retained.
     */
    public void publish(final TcpSegment segment)
    {
        final long sequence = ring.next();
        try
        {
            ring.get(sequence).copyFrom(segment);
        }
        finally
        {
            ring.publish(sequence);
        }
        published++;
    }

    /**
     * Publishes a decoded segment if a slot is free, without waiting. Allocation free.
     *
     * @param segment decoded segment; copied, not retained.
     * @return false when the ring is full (the caller counts the overflow).
     */
    public boolean tryPublish(final TcpSegment segment)
    {
        // Single producer: nobody else can take the free slot between this check and next(), so next() does not
        // wait. Unlike RingBuffer.tryNext(), no exception is thrown on the (hot, under overload) full path.
        if (!ring.hasAvailableCapacity(1))
        {
            return false;
        }
        publish(segment);
        return true;
    }

    /**
     * Asks every shard for a snapshot of its tracker, answered on the shard's own thread when this control event
     * reaches it, after every segment published before. Waits for a free slot (rare, cold path). Producer thread
     * only.
     *
     * @param asOfNanos time the snapshot is taken at (live: the wall clock), for timers such as TIME_WAIT expiry.
     * @return the request; {@link SnapshotRequest#await} it from any thread.
     */
    public SnapshotRequest publishSnapshotRequest(final long asOfNanos)
    {
        final SnapshotRequest request = new SnapshotRequest(++nextRequestId, asOfNanos, shards.length);
        requests.register(request);
        final long sequence = ring.next();
        try
        {
            final TcpSegment slot = ring.get(sequence);
            slot.ipVersion = TrackerShardHandler.CONTROL_IP_VERSION;
            slot.frameNumber = request.id();
            slot.timestampNanos = asOfNanos;
        }
        finally
        {
            ring.publish(sequence);
        }
        return request;
    }

    /**
     * Copies a decoded segment into the next slot, waiting for one if the ring is full, but makes it visible to the
     * shards only every few events (or on {@link #flush()}): one cursor update per batch instead of per event, so
     * the reader and the shard threads stop bouncing the cursor's cache line between cores. For the offline reader,
     * where latency does not matter; publishing the latest sequence publishes the ones before it (single producer).
     *
     * @param segment decoded segment; copied, not retained.
     */
    public void publishDeferred(final TcpSegment segment)
    {
        final long sequence = ring.next();
        ring.get(sequence).copyFrom(segment);
        lastDeferred = sequence;
        published++;
        if (++deferred == deferBatch)
        {
            flush();
        }
    }

    /** Makes every segment {@link #publishDeferred} filled visible to the shards. Producer thread only. */
    public void flush()
    {
        if (deferred > 0)
        {
            deferred = 0;
            ring.publish(lastDeferred);
        }
    }

    /** @return segments published so far. */
    public long published()
    {
        return published;
    }

    /**
     * Waits until every published segment has been tracked, then stops the shard threads. After this the shards'
     * trackers may be read from the calling thread.
     */
    public void drainAndStop()
    {
        if (stopped)
        {
            return;
        }
        flush();
        // Not Disruptor.shutdown(): it skips consumers whose thread has not started running yet, so a short input
        // could be halted before its shard saw a single event. The gating sequences exist from start().
        final long cursor = ring.getCursor();
        long idleNanos = 0;
        while (ring.getMinimumGatingSequence() < cursor)
        {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
            idleNanos += DRAIN_POLL_NANOS;
            if (idleNanos > DRAIN_LIMIT_NANOS)
            {
                disruptor.halt();
                stopped = true;
                throw new IllegalStateException("tracker shards did not drain the ring buffer within an hour");
            }
        }
        stopped = true;
        disruptor.halt();
    }

    /** @return the shards, in shard order. */
    public TrackerShardHandler[] shards()
    {
        return shards.clone();
    }

    /** @return failures while handling events (each one counted, the shard kept running). */
    public CountingExceptionHandler exceptions()
    {
        return exceptions;
    }

    @Override
    public void close()
    {
        if (!stopped)
        {
            stopped = true;
            disruptor.halt();
        }
    }

    private static ThreadFactory daemonThreads()
    {
        final AtomicInteger n = new AtomicInteger();
        return r ->
        {
            final Thread t = new Thread(r, "wirestat-shard-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
