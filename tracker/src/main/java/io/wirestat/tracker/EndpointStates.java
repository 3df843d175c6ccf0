package io.wirestat.tracker;

import io.wirestat.tracker.flow.SpillTable;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.EndpointEvent;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.state.TcpTransitions;
import io.wirestat.tracker.timeline.StateCensus;

import static io.wirestat.tracker.flow.ConnectionLayout.E_STATE_SINCE;
import static io.wirestat.tracker.flow.ConnectionLayout.OWN_SYN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.S_TIME_WAIT_START;
import static io.wirestat.tracker.flow.ConnectionLayout.W_TIME_WAIT_SEEN;

/**
 * Both endpoints' state machines over the records: events through {@link TcpTransitions}, the time each state was
 * entered, and TIME_WAIT's timer on packet time (2·MSL after entering it, the table's TIMEOUT column decides).
 * When an endpoint entered TIME_WAIT is kept for the detectors: while it is there, its state-since; once the timer
 * moved it on, state-since less 2·MSL; if something else ended TIME_WAIT, the spill table holds it.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
final class EndpointStates
{
    private final Records rec;
    private final long timeWaitNanos;
    /** Told of every state written, or null when states are not counted (plain analysis). */
    private final StateCensus census;

    EndpointStates(final Records rec, final long timeWaitNanos, final StateCensus census)
    {
        this.rec = rec;
        this.timeWaitNanos = timeWaitNanos;
        this.census = census;
    }

    /** Applies an event to the endpoint of the cursor's record on one side. */
    void apply(final int side, final int event, final long now)
    {
        byte next = TcpTransitions.next(rec.state(side), event);
        if (next == TcpState.IGNORE)
        {
            return;
        }
        if (next == TcpTransitions.SYN_RECV_OR_ESTABLISHED)
        {
            next = rec.has(side, OWN_SYN_ACKED) ? TcpState.ESTABLISHED : TcpState.SYN_RECV;
        }
        set(side, next, now);
    }

    void set(final int side, final byte next, final long now)
    {
        final byte current = rec.state(side);
        if (current == next)
        {
            return;
        }
        if ((rec.word(side) & W_TIME_WAIT_SEEN) != 0 && rec.spilled(side, S_TIME_WAIT_START) == SpillTable.ABSENT)
        {
            // The start of TIME_WAIT is derived from state-since: keep it before state-since moves on.
            rec.spill(side, S_TIME_WAIT_START, timeWaitSince(side));
        }
        if (census != null)
        {
            census.onChange(side, current, next, rec.state(side ^ 1),
                current == TcpState.TIME_WAIT ? rec.time(side, E_STATE_SINCE) : 0, now);
        }
        rec.stateBits(side, next);
        rec.time(side, E_STATE_SINCE, now);
        if (next == TcpState.TIME_WAIT)
        {
            rec.word(side, rec.word(side) | W_TIME_WAIT_SEEN);
            rec.unspill(side, S_TIME_WAIT_START);
        }
    }

    /** Moves an endpoint out of TIME_WAIT once 2·MSL of packet time has passed. */
    void expireTimeWait(final int side, final long now)
    {
        if (rec.state(side) == TcpState.TIME_WAIT)
        {
            final long since = rec.time(side, E_STATE_SINCE);
            if (now - since >= timeWaitNanos)
            {
                // The state changed when 2·MSL ran out, not now; the start of TIME_WAIT stays derivable.
                final byte next = TcpTransitions.next(TcpState.TIME_WAIT, EndpointEvent.TIMEOUT);
                if (census != null)
                {
                    census.onChange(side, TcpState.TIME_WAIT, next, rec.state(side ^ 1), since, since + timeWaitNanos);
                }
                rec.stateBits(side, next);
                rec.time(side, E_STATE_SINCE, since + timeWaitNanos);
            }
        }
    }

    boolean inTimeWait(final int side, final long now)
    {
        return rec.state(side) == TcpState.TIME_WAIT && now - rec.time(side, E_STATE_SINCE) < timeWaitNanos;
    }

    /** @return when the endpoint entered TIME_WAIT, or {@link EndpointActivity#NEVER}. */
    long timeWaitSince(final int side)
    {
        if ((rec.word(side) & W_TIME_WAIT_SEEN) == 0)
        {
            return EndpointActivity.NEVER;
        }
        final long spilled = rec.spilled(side, S_TIME_WAIT_START);
        if (spilled != SpillTable.ABSENT)
        {
            return spilled;
        }
        final long since = rec.time(side, E_STATE_SINCE);
        return rec.state(side) == TcpState.TIME_WAIT ? since : since - timeWaitNanos;
    }

    /** @return the state as of a time (TIME_WAIT that has lasted 2·MSL by then is past it). */
    byte stateAsOf(final int side, final long asOfNanos)
    {
        final byte st = rec.state(side);
        return st == TcpState.TIME_WAIT && asOfNanos - rec.time(side, E_STATE_SINCE) >= timeWaitNanos ?
            TcpTransitions.next(TcpState.TIME_WAIT, EndpointEvent.TIMEOUT) : st;
    }

    long stateSinceAsOf(final int side, final long asOfNanos)
    {
        final long since = rec.time(side, E_STATE_SINCE);
        return stateAsOf(side, asOfNanos) != rec.state(side) ? since + timeWaitNanos : since;
    }

    static boolean isFinished(final byte state)
    {
        return state == TcpState.CLOSED || state == TcpState.TIME_WAIT || state == TcpState.UNKNOWN;
    }
}
