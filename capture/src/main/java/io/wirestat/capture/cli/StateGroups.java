package io.wirestat.capture.cli;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --group-by}: connections grouped by a {@link GroupKey}, each group with its connection count, the
 * per-state counts of its endpoints on each side, and its oldest stuck endpoint. What {@code netstat -nat | awk
 * '/CLOSE_WAIT/ {print $4}' | sort | uniq -c | sort -rn} answers on one host, for both hosts of every connection:
 * an endpoint is counted in the state it holds, on the side that holds it (a leaking service's CLOSE_WAIT on its
 * server side, its clients' FIN_WAIT_2 on theirs), so the row of a service shows both ends of its leak.
 * {@code --side client|server} counts one side only. "Stuck" is an endpoint in a state that should end by itself
 * soon: a handshake (SYN_SENT, SYN_RECV) or a close in progress (FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING,
 * LAST_ACK); TIME_WAIT ends on its own timer and is not. Cold path. Not thread safe; one per rendering.
 */
final class StateGroups
{
    private static final int STUCK_STATES = 1 << TcpState.SYN_SENT | 1 << TcpState.SYN_RECV
        | 1 << TcpState.FIN_WAIT_1 | 1 << TcpState.FIN_WAIT_2 | 1 << TcpState.CLOSE_WAIT | 1 << TcpState.CLOSING
        | 1 << TcpState.LAST_ACK;

    private final GroupKey key;
    private final Side side;
    private final Map<Endpoint, Row> groups = new HashMap<>();
    private long connections;

    /**
     * @param key  what to group by.
     * @param side whose endpoints the {@link Row#states} count.
     */
    StateGroups(final GroupKey key, final Side side)
    {
        this.key = key;
        this.side = side;
    }

    /** @param record a connection to count in its group. */
    void add(final ConnectionRecord record)
    {
        final Endpoint group = key.of(record);
        groups.computeIfAbsent(group, g -> new Row(g, key.label(g))).add(record, side);
        connections++;
    }

    /** @return connections counted, in every group. */
    long connections()
    {
        return connections;
    }

    /** @return the key. */
    GroupKey key()
    {
        return key;
    }

    /**
     * @param by      the states whose counts order the groups (most first), or null for the connection count.
     * @param byAge   true to order by the oldest stuck endpoint instead (oldest first; groups without one last).
     * @param reverse true to reverse the order ({@code -r}).
     * @return the groups, in that order; ties broken by connections (most first), then by key, numerically.
     */
    List<Row> rows(final StateSelector by, final boolean byAge, final boolean reverse)
    {
        Comparator<Row> order;
        if (byAge)
        {
            order = Comparator.comparingLong(Row::oldestStuckSince);
        }
        else
        {
            order = Comparator.comparingLong((Row r) -> by == null ? r.connections : r.count(by)).reversed();
        }
        order = order.thenComparing(Comparator.comparingLong((Row r) -> r.connections).reversed())
            .thenComparing(r -> r.group, SortKey.ENDPOINT_ORDER);
        final List<Row> rows = new ArrayList<>(groups.values());
        rows.sort(reverse ? order.reversed() : order);
        return rows;
    }

    /** One group: its counts, on each side and on the counted side(s). */
    static final class Row
    {
        final Endpoint group;
        final String label;
        final long[] client = new long[TcpState.COUNT];
        final long[] server = new long[TcpState.COUNT];
        final long[] states = new long[TcpState.COUNT];
        long connections;
        /** The oldest stuck endpoint's state, or {@link TcpState#IGNORE} if none. */
        byte oldestStuckState = TcpState.IGNORE;
        /** When it entered it; {@link Long#MAX_VALUE} if none. */
        long oldestStuckSince = Long.MAX_VALUE;

        Row(final Endpoint group, final String label)
        {
            this.group = group;
            this.label = label;
        }

        void add(final ConnectionRecord record, final Side side)
        {
            connections++;
            client[record.clientState()]++;
            server[record.serverState()]++;
            if (side.client())
            {
                states[record.clientState()]++;
                stuck(record.clientState(), record.clientStateSinceNanos());
            }
            if (side.server())
            {
                states[record.serverState()]++;
                stuck(record.serverState(), record.serverStateSinceNanos());
            }
        }

        private void stuck(final byte state, final long since)
        {
            if ((STUCK_STATES & 1 << state) != 0 && since < oldestStuckSince)
            {
                oldestStuckSince = since;
                oldestStuckState = state;
            }
        }

        /** @return endpoints counted in the selected states. */
        long count(final StateSelector selected)
        {
            long n = 0;
            for (int state = 0; state < TcpState.COUNT; state++)
            {
                if (selected.contains(state))
                {
                    n += states[state];
                }
            }
            return n;
        }

        long oldestStuckSince()
        {
            return oldestStuckSince;
        }

        /** @return true if an endpoint of the group is stuck. */
        boolean hasStuck()
        {
            return oldestStuckState != TcpState.IGNORE;
        }
    }
}
