package io.wirestat.tracker.timeline;

import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.state.EndpointEvent;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.state.TcpTransitions;

import java.util.Arrays;

/**
 * How many endpoints of one tracker shard are in each state, client side and server side, kept as the states are
 * written (one call per state change, none per packet), with the opens and ends of connections; and, when an
 * interval is set, one {@link TimelineRows} row per interval of packet time.
 * <p>
 * The records hold TIME_WAIT until a later packet of the same connection (or a report's as-of time) finds that
 * 2·MSL has passed; a count taken at an interval's end must already see those as CLOSED. So each stored TIME_WAIT is
 * also filed under the first interval end at which it has expired (a histogram by interval, not by connection): at
 * that end it is counted CLOSED, and when the tracker later moves it on (or something else ends it) it is taken
 * back out of the histogram or of the expired count. Memory is a few longs per interval.
 * <p>
 * Intervals are aligned on multiples of the interval since the epoch, so every shard cuts time at the same points
 * and their rows add up. A row is written for interval end {@code b} when the first packet at or after {@code b}
 * arrives (before it is applied): the row holds the packets before {@code b}, with TIME_WAIT expired as of
 * {@code b}. The last row ({@link #finish}) is as of the last frame, included.
 * <p>
 * Allocation free except when the row or histogram arrays grow (doubling). Not thread safe; owned by the shard.
 */
public final class StateCensus
{
    /** Cumulative events, by id. */
    public static final int OPENED_ACTIVE = 0;
    public static final int OPENED_PASSIVE = 1;
    public static final int CLOSED = 2;
    public static final int RESET = 3;
    public static final int EVENT_COUNT = 4;

    private static final int STATES = TcpState.COUNT;
    private static final byte EXPIRED = TcpTransitions.next(TcpState.TIME_WAIT, EndpointEvent.TIMEOUT);
    /** Tracker counters that become per-interval columns, in {@link TimelineRows} order. */
    private static final int[] COUNTER_COLUMNS =
    {
        TrackerCounter.CONNECTIONS, TrackerCounter.SYN_RETRANSMITS, TrackerCounter.RETRANSMITS
    };

    private final long[] stored = new long[2 * STATES];
    private final long[] events = new long[EVENT_COUNT];
    private final long timeWaitNanos;
    private final long intervalNanos;
    private final long[] trackerCounters;

    /** The next interval end to cross; MIN_VALUE before the first packet, MAX_VALUE when there is no interval. */
    private long nextBoundary;
    /** Interval index (end / interval) of the last end crossed. */
    private long lastCrossed = Long.MIN_VALUE;
    /** Stored TIME_WAIT endpoints by the index of the first end at which they have expired, two sides interleaved. */
    private long[] expiring = new long[64];
    private long expiringBase;
    /** Stored TIME_WAIT endpoints already expired as of the last end crossed, by side. */
    private final long[] expired = new long[2];

    private final long[] eventsAtLastRow = new long[EVENT_COUNT];
    private final long[] countersAtLastRow = new long[COUNTER_COLUMNS.length];
    private long[] rows = new long[0];
    private int rowCount;
    private long firstRowIndex;

    /**
     * @param timeWaitNanos   2·MSL, as the tracker's.
     * @param intervalNanos   interval length, or 0 for counts only (no rows).
     * @param trackerCounters the tracker's counters, read at each interval end.
     */
    public StateCensus(final long timeWaitNanos, final long intervalNanos, final long[] trackerCounters)
    {
        if (intervalNanos < 0)
        {
            throw new IllegalArgumentException("timeline interval must be >= 0, intervalNanos=" + intervalNanos);
        }
        this.timeWaitNanos = timeWaitNanos;
        this.intervalNanos = intervalNanos;
        this.trackerCounters = trackerCounters;
        this.nextBoundary = intervalNanos == 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /** @return the next interval end: a packet at or after it must first call {@link #cross}. */
    public long nextBoundary()
    {
        return nextBoundary;
    }

    /** A new record: both endpoints start UNKNOWN. */
    public void onNewRecord()
    {
        stored[TcpState.UNKNOWN]++;
        stored[STATES + TcpState.UNKNOWN]++;
    }

    /**
     * An endpoint's stored state changed.
     *
     * @param side      0 client, 1 server.
     * @param from      the state it leaves.
     * @param to        the state it enters.
     * @param peer      the other endpoint's state.
     * @param fromSince when it entered {@code from} (read only when {@code from} is TIME_WAIT).
     * @param now       when it enters {@code to}.
     */
    public void onChange(final int side, final byte from, final byte to, final byte peer, final long fromSince,
        final long now)
    {
        stored[side * STATES + from]--;
        stored[side * STATES + to]++;
        if (from == TcpState.TIME_WAIT)
        {
            fileTimeWait(side, fromSince, -1);
        }
        if (to == TcpState.TIME_WAIT)
        {
            fileTimeWait(side, now, 1);
        }
        if (to == TcpState.SYN_SENT)
        {
            events[OPENED_ACTIVE]++;
        }
        else if (to == TcpState.SYN_RECV)
        {
            events[OPENED_PASSIVE]++;
        }
        else if (!finished(from) && finished(to) && finished(peer))
        {
            // The connection's last live endpoint just finished: orderly unless it went straight to CLOSED from a
            // state other than LAST_ACK (RFC 9293's only orderly way into CLOSED), i.e. a reset or a refusal.
            events[to == TcpState.CLOSED && from != TcpState.LAST_ACK ? RESET : CLOSED]++;
        }
    }

    /**
     * A record left the table (evicted): its endpoints are no longer counted.
     *
     * @param clientState  its client's stored state.
     * @param clientSince  when the client entered it.
     * @param serverState  its server's stored state.
     * @param serverSince  when the server entered it.
     */
    public void onRemoved(final byte clientState, final long clientSince, final byte serverState,
        final long serverSince)
    {
        stored[clientState]--;
        stored[STATES + serverState]--;
        if (clientState == TcpState.TIME_WAIT)
        {
            fileTimeWait(0, clientSince, -1);
        }
        if (serverState == TcpState.TIME_WAIT)
        {
            fileTimeWait(1, serverSince, -1);
        }
    }

    /**
     * Writes a row for every interval end at or before a packet's time (cold: once per interval).
     *
     * @param now the packet's time; it is applied after this.
     */
    public void cross(final long now)
    {
        if (nextBoundary == Long.MIN_VALUE)
        {
            // First packet: the interval it falls in is the first one.
            final long index = Math.floorDiv(now, intervalNanos);
            lastCrossed = index;
            firstRowIndex = index + 1;
            expiringBase = index;
            nextBoundary = (index + 1) * intervalNanos;
            return;
        }
        while (nextBoundary <= now)
        {
            final long index = lastCrossed + 1;
            final int slot = slot(index);
            if (slot >= 0 && slot < expiring.length / 2)
            {
                expired[0] += expiring[2 * slot];
                expired[1] += expiring[2 * slot + 1];
                expiring[2 * slot] = 0;
                expiring[2 * slot + 1] = 0;
            }
            lastCrossed = index;
            appendRow(nextBoundary);
            nextBoundary += intervalNanos;
        }
    }

    /**
     * Ends the timeline at the capture's last frame: the rows up to it, then the last row, whose states are counted
     * from the records as of that time.
     *
     * @param asOfNanos the last frame's time (every shard is given the same).
     * @param asOfCounts endpoints per state as of that time, client side then server side ({@code 2 * COUNT}).
     * @return this shard's rows.
     */
    public TimelineRows finish(final long asOfNanos, final long[] asOfCounts)
    {
        if (intervalNanos == 0 || nextBoundary == Long.MIN_VALUE)
        {
            return new TimelineRows(intervalNanos, 0, new long[0], 0);
        }
        cross(asOfNanos);
        if (Math.floorMod(asOfNanos, intervalNanos) != 0)
        {
            appendRow(asOfNanos);
        }
        // The last row (new, or the one ending exactly at the last frame) is as of that frame, with it included.
        final int base = (rowCount - 1) * TimelineRows.WIDTH;
        System.arraycopy(asOfCounts, 0, rows, base + TimelineRows.STATE_COLUMNS, 2 * STATES);
        for (int e = 0; e < EVENT_COUNT; e++)
        {
            rows[base + TimelineRows.EVENT_COLUMNS + e] += events[e] - eventsAtLastRow[e];
        }
        for (int c = 0; c < COUNTER_COLUMNS.length; c++)
        {
            rows[base + TimelineRows.COUNTER_COLUMNS + c] += trackerCounters[COUNTER_COLUMNS[c]] - countersAtLastRow[c];
        }
        rows[base + TimelineRows.END] = asOfNanos;
        return new TimelineRows(intervalNanos, firstRowIndex, Arrays.copyOf(rows, rowCount * TimelineRows.WIDTH),
            rowCount);
    }

    /**
     * @param side  0 client, 1 server.
     * @param state a state.
     * @return endpoints whose stored state it is (TIME_WAIT not yet moved on by the tracker included).
     */
    public long stored(final int side, final int state)
    {
        return stored[side * STATES + state];
    }

    /**
     * @param event {@link #OPENED_ACTIVE} ...
     * @return how many so far.
     */
    public long events(final int event)
    {
        return events[event];
    }

    private void appendRow(final long endNanos)
    {
        if ((rowCount + 1) * TimelineRows.WIDTH > rows.length)
        {
            rows = Arrays.copyOf(rows, Math.max(64 * TimelineRows.WIDTH, rows.length * 2));
        }
        final int base = rowCount * TimelineRows.WIDTH;
        rows[base + TimelineRows.END] = endNanos;
        for (int side = 0; side < 2; side++)
        {
            final int out = base + TimelineRows.STATE_COLUMNS + side * STATES;
            System.arraycopy(stored, side * STATES, rows, out, STATES);
            rows[out + TcpState.TIME_WAIT] -= expired[side];
            rows[out + EXPIRED] += expired[side];
        }
        for (int e = 0; e < EVENT_COUNT; e++)
        {
            rows[base + TimelineRows.EVENT_COLUMNS + e] = events[e] - eventsAtLastRow[e];
            eventsAtLastRow[e] = events[e];
        }
        for (int c = 0; c < COUNTER_COLUMNS.length; c++)
        {
            final long value = trackerCounters[COUNTER_COLUMNS[c]];
            rows[base + TimelineRows.COUNTER_COLUMNS + c] = value - countersAtLastRow[c];
            countersAtLastRow[c] = value;
        }
        rowCount++;
    }

    /**
     * Files (+1) or unfiles (-1) a stored TIME_WAIT entered at {@code since} under the first interval end at
     * which it has expired ({@code end - since >= 2·MSL}); under the expired count if that end is crossed already.
     */
    private void fileTimeWait(final int side, final long since, final int delta)
    {
        if (intervalNanos == 0)
        {
            return;
        }
        final long index = ceilDiv(since + timeWaitNanos, intervalNanos);
        if (nextBoundary == Long.MIN_VALUE || index <= lastCrossed)
        {
            expired[side] += delta;
            return;
        }
        int slot = slot(index);
        if (slot < 0)
        {
            // Cannot happen for an index past the last end crossed (the base is at or before it); keep it exact anyway.
            expired[side] += delta;
            return;
        }
        if (slot >= expiring.length / 2)
        {
            compactOrGrow(index);
            slot = slot(index);
        }
        expiring[2 * slot + side] += delta;
    }

    /** Drops the slots of crossed ends (all zero), then doubles if the index still does not fit. */
    private void compactOrGrow(final long index)
    {
        final int crossed = (int)Math.min(expiring.length / 2, lastCrossed + 1 - expiringBase);
        if (crossed > 0)
        {
            System.arraycopy(expiring, 2 * crossed, expiring, 0, expiring.length - 2 * crossed);
            Arrays.fill(expiring, expiring.length - 2 * crossed, expiring.length, 0);
            expiringBase += crossed;
        }
        final long needed = index - expiringBase + 1;
        if (needed > expiring.length / 2)
        {
            long size = expiring.length / 2;
            while (size < needed)
            {
                size *= 2;
            }
            if (size > Integer.MAX_VALUE / 4)
            {
                throw new IllegalStateException("timeline interval too short for 2·MSL: " + needed + " intervals");
            }
            expiring = Arrays.copyOf(expiring, (int)(2 * size));
        }
    }

    private int slot(final long index)
    {
        final long slot = index - expiringBase;
        return slot > Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE / 4 : (int)slot;
    }

    private static long ceilDiv(final long x, final long y)
    {
        return -Math.floorDiv(-x, y);
    }

    private static boolean finished(final byte state)
    {
        return state == TcpState.CLOSED || state == TcpState.TIME_WAIT || state == TcpState.UNKNOWN;
    }
}
