package io.wirestat.tracker.timeline;

import io.wirestat.tracker.state.TcpState;

import java.util.List;

/**
 * One shard's (or, merged, the whole capture's) timeline rows: for each interval of packet time, its end, the
 * endpoints in each state at that end (client side, then server side), and what happened in the interval. Rows are
 * fixed-width runs of longs in one array; every column but the end adds up across shards. Immutable once built.
 */
public final class TimelineRows
{
    /** Column: the row's end, packet nanoseconds (an interval end; the last row: the last frame). */
    public static final int END = 0;
    /** First of the {@code 2 * TcpState.COUNT} state columns: client states by state number, then server. */
    public static final int STATE_COLUMNS = 1;
    /** First of the {@link StateCensus#EVENT_COUNT} event columns, by {@link StateCensus} event id. */
    public static final int EVENT_COLUMNS = STATE_COLUMNS + 2 * TcpState.COUNT;
    /** Tracker counters as per-interval deltas: connections, syn_retransmits, retransmits. */
    public static final int COUNTER_COLUMNS = EVENT_COLUMNS + StateCensus.EVENT_COUNT;
    public static final int NEW_CONNECTIONS = COUNTER_COLUMNS;
    public static final int SYN_RETRANSMITS = COUNTER_COLUMNS + 1;
    public static final int RETRANSMITS = COUNTER_COLUMNS + 2;
    public static final int WIDTH = COUNTER_COLUMNS + 3;

    private final long intervalNanos;
    private final long firstIndex;
    private final long[] data;
    private final int count;

    /**
     * @param intervalNanos interval length.
     * @param firstIndex    the first row's interval index (its end / interval, rounded up).
     * @param data          rows, {@link #WIDTH} longs each.
     * @param count         rows.
     */
    public TimelineRows(final long intervalNanos, final long firstIndex, final long[] data, final int count)
    {
        this.intervalNanos = intervalNanos;
        this.firstIndex = firstIndex;
        this.data = data;
        this.count = count;
    }

    /**
     * Adds the shards' rows interval by interval (each shard holds its own connections; every shard cuts time at
     * the same multiples of the interval). A shard without packets in the early intervals simply has no rows there.
     *
     * @param shards rows of every shard, as of the same last frame.
     * @return the capture's rows.
     */
    public static TimelineRows merge(final List<TimelineRows> shards)
    {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long interval = 0;
        for (final TimelineRows s : shards)
        {
            if (s.count > 0)
            {
                first = Math.min(first, s.firstIndex);
                last = Math.max(last, s.firstIndex + s.count - 1);
                interval = s.intervalNanos;
            }
        }
        if (first == Long.MAX_VALUE)
        {
            return new TimelineRows(interval, 0, new long[0], 0);
        }
        final int count = Math.toIntExact(last - first + 1);
        final long[] merged = new long[count * WIDTH];
        for (int r = 0; r < count; r++)
        {
            merged[r * WIDTH + END] = (first + r) * interval;
        }
        for (final TimelineRows s : shards)
        {
            for (int r = 0; r < s.count; r++)
            {
                final int to = (int)(s.firstIndex - first + r) * WIDTH;
                final int from = r * WIDTH;
                for (int c = 1; c < WIDTH; c++)
                {
                    merged[to + c] += s.data[from + c];
                }
            }
        }
        // The last row ends at the last frame, the same in every shard that reached it.
        for (final TimelineRows s : shards)
        {
            if (s.count > 0 && s.firstIndex + s.count - 1 == last)
            {
                merged[(count - 1) * WIDTH + END] = s.data[(s.count - 1) * WIDTH + END];
            }
        }
        return new TimelineRows(interval, first, merged, count);
    }

    /** @return rows. */
    public int count()
    {
        return count;
    }

    /** @return interval length in nanoseconds (0: no timeline). */
    public long intervalNanos()
    {
        return intervalNanos;
    }

    /**
     * @param row    row number, 0 .. count-1.
     * @param column a column constant.
     * @return its value.
     */
    public long get(final int row, final int column)
    {
        return data[row * WIDTH + column];
    }

    /**
     * @param row   row number.
     * @param side  0 client, 1 server.
     * @param state a state.
     * @return endpoints in that state at the row's end.
     */
    public long state(final int row, final int side, final int state)
    {
        return data[row * WIDTH + STATE_COLUMNS + side * TcpState.COUNT + state];
    }

    /** @return the start of a row's interval (the first row's may precede the first frame). */
    public long start(final int row)
    {
        return (firstIndex + row - 1) * intervalNanos;
    }
}
