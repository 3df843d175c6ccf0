package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.TcpState;

import java.util.Arrays;

/**
 * How many connections of a group were in TIME_WAIT at once, over time: a sweep over half-open intervals
 * {@code [start, end)}, giving the peak, when it was first reached, and the count at the as-of time.
 * <p>
 * A connection's TIME_WAIT interval is {@code [timeWaitSince, timeWaitSince + 2·MSL)}, cut short at its
 * {@code stateSince} when it left TIME_WAIT early (a RST, RFC 1337), and never past the as-of time (the future is
 * not known). When both ends were in TIME_WAIT (simultaneous close) the connection counts once, over the union.
 * Cold path. Not thread safe; one per group.
 */
final class TimeWaitSweep
{
    // Small at first: one sweep per client-to-service path, and most paths see one or two connections.
    private long[] starts = new long[2];
    private long[] ends = new long[2];
    private int size;

    /** The result of a sweep. */
    record Peak(int peak, long peakAtNanos, int atEnd)
    {
    }

    /**
     * Adds a connection's TIME_WAIT interval, if it has one.
     *
     * @param record        the connection.
     * @param timeWaitNanos 2·MSL.
     * @param asOfNanos     the sweep's end.
     * @return true if the connection was in TIME_WAIT at some point.
     */
    boolean add(final ConnectionRecord record, final long timeWaitNanos, final long asOfNanos)
    {
        final long start = startOf(record);
        if (start == EndpointActivity.NEVER)
        {
            return false;
        }
        add(start, endOf(record, timeWaitNanos, asOfNanos));
        return true;
    }

    /**
     * @param record the connection.
     * @return when its TIME_WAIT interval starts (the earlier end's, when both were in TIME_WAIT), or
     *         {@link EndpointActivity#NEVER} when neither end was.
     */
    static long startOf(final ConnectionRecord record)
    {
        final long client = record.clientActivity().timeWaitSinceNanos();
        final long server = record.serverActivity().timeWaitSinceNanos();
        return client == EndpointActivity.NEVER ? server :
            server == EndpointActivity.NEVER ? client : Math.min(client, server);
    }

    /**
     * @param record        a connection with a TIME_WAIT interval ({@link #startOf} is not NEVER).
     * @param timeWaitNanos 2·MSL.
     * @param asOfNanos     the sweep's end.
     * @return the interval's exclusive end: the later end's, never past the as-of time.
     */
    static long endOf(final ConnectionRecord record, final long timeWaitNanos, final long asOfNanos)
    {
        final long clientStart = record.clientActivity().timeWaitSinceNanos();
        final long serverStart = record.serverActivity().timeWaitSinceNanos();
        long end = Long.MIN_VALUE;
        if (clientStart != EndpointActivity.NEVER)
        {
            end = end(clientStart, record.clientState(), record.clientStateSinceNanos(), timeWaitNanos);
        }
        if (serverStart != EndpointActivity.NEVER)
        {
            end = Math.max(end, end(serverStart, record.serverState(), record.serverStateSinceNanos(), timeWaitNanos));
        }
        return Math.min(end, asOfNanos == Long.MAX_VALUE ? end : asOfNanos + 1);
    }

    /**
     * @param startNanos inclusive start.
     * @param endNanos   exclusive end; an empty interval is ignored.
     */
    void add(final long startNanos, final long endNanos)
    {
        if (endNanos <= startNanos)
        {
            return;
        }
        if (size == starts.length)
        {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = startNanos;
        ends[size] = endNanos;
        size++;
    }

    /** @return intervals added. */
    int size()
    {
        return size;
    }

    /**
     * @param asOfNanos the time at which {@link Peak#atEnd()} counts the intervals still open.
     * @return the peak (0 and {@code Long.MIN_VALUE} when empty), the first time it was reached, and the count at
     *         {@code asOfNanos}.
     */
    Peak sweep(final long asOfNanos)
    {
        final long[] s = Arrays.copyOf(starts, size);
        final long[] e = Arrays.copyOf(ends, size);
        Arrays.sort(s);
        Arrays.sort(e);
        int open = 0;
        int peak = 0;
        long peakAt = Long.MIN_VALUE;
        int j = 0;
        for (int i = 0; i < size; i++)
        {
            // Half-open intervals: one ending at t is over before one starting at t begins.
            while (j < size && e[j] <= s[i])
            {
                open--;
                j++;
            }
            open++;
            if (open > peak)
            {
                peak = open;
                peakAt = s[i];
            }
        }
        int atEnd = 0;
        for (int i = 0; i < size; i++)
        {
            if (starts[i] <= asOfNanos && asOfNanos < ends[i])
            {
                atEnd++;
            }
        }
        return new Peak(peak, peakAt, atEnd);
    }

    private static long end(final long start, final byte state, final long stateSince, final long timeWaitNanos)
    {
        final long full = start + timeWaitNanos;
        if (state == TcpState.TIME_WAIT)
        {
            return full;
        }
        // Left TIME_WAIT: by expiry (stateSince is then start + 2·MSL) or early, by a RST.
        return stateSince > start ? Math.min(full, stateSince) : full;
    }
}
