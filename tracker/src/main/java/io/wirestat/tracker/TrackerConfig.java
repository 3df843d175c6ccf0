package io.wirestat.tracker;

import java.util.concurrent.TimeUnit;

/**
 * Settings of a tracker shard. Mutable while being built (fluent setters), then handed to
 * {@link TcpTracker}; do not change it afterwards.
 */
public final class TrackerConfig
{
    /** Linux's TCP_TIMEWAIT_LEN: 2·MSL = 60 s. */
    public static final long TIME_WAIT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(60);
    /** Flow-table slots to allocate up front (grows by doubling). */
    public static final int INITIAL_CAPACITY_DEFAULT = 1 << 14;

    /** Connections one shard holds at most before evicting (about 128 bytes each: 2 Mi ≈ 256 MiB). */
    public static final int MAX_CONNECTIONS_DEFAULT = 1 << 21;

    private long timeWaitNanos = TIME_WAIT_DEFAULT_NS;
    private int maxConnections = MAX_CONNECTIONS_DEFAULT;
    private int initialCapacity = INITIAL_CAPACITY_DEFAULT;
    private boolean vlanInKey = true;
    private long timelineNanos;
    private boolean countStates;

    public long timeWaitNanos()
    {
        return timeWaitNanos;
    }

    /**
     * @param nanos how long an active closer stays in TIME_WAIT (2·MSL), in packet time.
     * @return this.
     */
    public TrackerConfig timeWaitNanos(final long nanos)
    {
        if (nanos < 0)
        {
            throw new IllegalArgumentException("TIME_WAIT length must be >= 0, timeWaitNanos=" + nanos);
        }
        this.timeWaitNanos = nanos;
        return this;
    }

    /** @return the timeline's interval in packet nanoseconds; 0 when no timeline rows are kept. */
    public long timelineNanos()
    {
        return timelineNanos;
    }

    /**
     * @param nanos interval of the timeline's rows ({@code --timeline}); 0 for none.
     * @return this.
     */
    public TrackerConfig timelineNanos(final long nanos)
    {
        if (nanos < 0)
        {
            throw new IllegalArgumentException("timeline interval must be >= 0, timelineNanos=" + nanos);
        }
        this.timelineNanos = nanos;
        return this;
    }

    /** @return true when the tracker keeps per-state counts and connection events (a timeline, or live's rows). */
    public boolean countStates()
    {
        return countStates || timelineNanos > 0;
    }

    /**
     * @param count true to keep per-state counts and connection events as states are written ({@code live}'s rows);
     *              a timeline ({@link #timelineNanos}) turns them on too. Off, plain analysis does none of it.
     * @return this.
     */
    public TrackerConfig countStates(final boolean count)
    {
        this.countStates = count;
        return this;
    }

    public int initialCapacity()
    {
        return initialCapacity;
    }

    /**
     * @param capacity initial flow-table capacity, a power of two.
     * @return this.
     */
    public TrackerConfig initialCapacity(final int capacity)
    {
        if (capacity < 16 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("flow table capacity must be a power of 2 >= 16, capacity=" + capacity);
        }
        this.initialCapacity = capacity;
        return this;
    }

    public int maxConnections()
    {
        return maxConnections;
    }

    /**
     * @param max connection records one shard holds at most; when full, the oldest finished records go first, then
     *            the oldest half-open ones, and each eviction is counted.
     * @return this.
     */
    public TrackerConfig maxConnections(final int max)
    {
        if (max < 1)
        {
            throw new IllegalArgumentException("max connections must be >= 1, maxConnections=" + max);
        }
        this.maxConnections = max;
        return this;
    }

    public boolean vlanInKey()
    {
        return vlanInKey;
    }

    /**
     * @param vlanInKey true (default) to keep the same 4-tuple in different VLANs as different connections.
     * @return this.
     */
    public TrackerConfig vlanInKey(final boolean vlanInKey)
    {
        this.vlanInKey = vlanInKey;
        return this;
    }
}
