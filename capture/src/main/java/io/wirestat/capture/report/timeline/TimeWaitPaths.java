package io.wirestat.capture.report.timeline;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.timeline.TimelineRows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TIME_WAIT pile-up per destination over the timeline: for each row's end, the client-to-service path (a
 * client host and the service address:port, as {@code time_wait_pileup} groups them) with the most connections in
 * TIME_WAIT then, and how many. A client has its ephemeral port range of 4-tuples per destination, so this is the
 * number to hold against the range.
 * <p>
 * Built from the final records, not per packet: each record tells when its endpoints entered TIME_WAIT and when
 * they left (2·MSL later, or earlier by a RST), which is enough to know where it stood at every earlier row end.
 * Paths span shards, so this is what makes the column exact with {@code --shards}. Cold path: one pass over the
 * records (fed with {@link #accept}), then a range-maximum over the rows. Evicted records are not in the final
 * records and drop out of this column (the eviction counters say how many). Not thread safe.
 */
public final class TimeWaitPaths
{
    private final long timeWaitNanos;
    private final Map<PathKey, Integer> ids = new HashMap<>();
    private final List<PathKey> paths = new ArrayList<>();
    /** Per TIME_WAIT interval: path id, inclusive start, exclusive end (in the "packets before b" sense). */
    private long[] intervals = new long[3 * 16];
    private int intervalCount;
    /** Per path, connections in TIME_WAIT as of the last frame. */
    private int[] atLast = new int[16];

    /**
     * @param timeWaitNanos 2·MSL, as tracked.
     */
    public TimeWaitPaths(final long timeWaitNanos)
    {
        this.timeWaitNanos = timeWaitNanos;
    }

    /**
     * @param record a connection as of the last frame; those never in TIME_WAIT are skipped.
     */
    public void accept(final ConnectionRecord record)
    {
        final long clientStart = record.clientActivity().timeWaitSinceNanos();
        final long serverStart = record.serverActivity().timeWaitSinceNanos();
        if (clientStart == EndpointActivity.NEVER && serverStart == EndpointActivity.NEVER)
        {
            return;
        }
        final int path = pathId(record);
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        if (clientStart != EndpointActivity.NEVER)
        {
            start = clientStart + 1;
            end = end(clientStart, record.clientState(), record.clientStateSinceNanos());
        }
        if (serverStart != EndpointActivity.NEVER)
        {
            // Simultaneous close: both ends in TIME_WAIT hold one 4-tuple; count the connection over the union.
            start = Math.min(start, serverStart + 1);
            end = Math.max(end, end(serverStart, record.serverState(), record.serverStateSinceNanos()));
        }
        if (3 * (intervalCount + 1) > intervals.length)
        {
            intervals = Arrays.copyOf(intervals, intervals.length * 2);
        }
        intervals[3 * intervalCount] = path;
        intervals[3 * intervalCount + 1] = start;
        intervals[3 * intervalCount + 2] = end;
        intervalCount++;
        if (record.clientState() == TcpState.TIME_WAIT || record.serverState() == TcpState.TIME_WAIT)
        {
            atLast[path]++;
        }
    }

    /**
     * @param rows the merged timeline.
     * @return for each row, the peak path and its count (count 0 and path null where no connection was in
     *         TIME_WAIT).
     */
    public Peaks peaks(final TimelineRows rows)
    {
        final int n = rows.count();
        final long[] counts = new long[n];
        final String[] subjects = new String[n];
        if (n == 0)
        {
            return new Peaks(counts, subjects);
        }
        // Every row but the last ends on the interval grid: row r ends at (firstIndex + r) * interval.
        final int regular = n - 1;
        final RangeMax max = new RangeMax(Math.max(1, regular));
        final long interval = rows.intervalNanos();
        final long firstEnd = rows.get(0, TimelineRows.END);
        final List<long[]> perPath = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++)
        {
            perPath.add(null);
        }
        // Group the intervals by path: per path, +1 at the first row whose end is in [start, end), -1 after.
        final int[] perPathCount = new int[paths.size()];
        for (int i = 0; i < intervalCount; i++)
        {
            perPathCount[(int)intervals[3 * i]]++;
        }
        for (int p = 0; p < paths.size(); p++)
        {
            perPath.set(p, new long[2 * perPathCount[p]]);
            perPathCount[p] = 0;
        }
        for (int i = 0; i < intervalCount; i++)
        {
            final int p = (int)intervals[3 * i];
            final long from = rowAtOrAfter(intervals[3 * i + 1], firstEnd, interval);
            final long to = rowAtOrAfter(intervals[3 * i + 2], firstEnd, interval);
            final long[] events = perPath.get(p);
            // Row numbers in the high bits, +1/-1 in the low bit (the -1 sorts first at the same row).
            events[perPathCount[p]++] = Math.min(from, regular) << 1 | 1;
            events[perPathCount[p]++] = Math.min(to, regular) << 1;
        }
        for (int p = 0; p < paths.size(); p++)
        {
            final long[] events = perPath.get(p);
            Arrays.sort(events);
            int count = 0;
            for (int e = 0; e < events.length; e++)
            {
                count += (events[e] & 1) != 0 ? 1 : -1;
                final int from = (int)(events[e] >>> 1);
                final int to = e + 1 < events.length ? (int)(events[e + 1] >>> 1) : regular;
                if (count > 0 && to > from)
                {
                    max.raise(from, to, (long)count << 32 | (Integer.MAX_VALUE - p));
                }
            }
        }
        for (int r = 0; r < regular; r++)
        {
            fill(counts, subjects, r, max.at(r));
        }
        long best = 0;
        for (int p = 0; p < paths.size(); p++)
        {
            if (atLast[p] > 0)
            {
                best = Math.max(best, (long)atLast[p] << 32 | (Integer.MAX_VALUE - p));
            }
        }
        fill(counts, subjects, n - 1, best);
        return new Peaks(counts, subjects);
    }

    private void fill(final long[] counts, final String[] subjects, final int row, final long packed)
    {
        counts[row] = packed >>> 32;
        subjects[row] = counts[row] == 0 ? null : paths.get(Integer.MAX_VALUE - (int)(packed & 0xFFFF_FFFFL)).subject();
    }

    /** @return the number of the first regular row whose end is at or after {@code nanos}. */
    private static long rowAtOrAfter(final long nanos, final long firstEnd, final long interval)
    {
        if (nanos <= firstEnd)
        {
            return 0;
        }
        return -Math.floorDiv(-(nanos - firstEnd), interval);
    }

    /** @return when a TIME_WAIT entered at {@code start} stopped counting at row ends (exclusive). */
    private long end(final long start, final byte stateAtLast, final long sinceAtLast)
    {
        if (stateAtLast == TcpState.TIME_WAIT || sinceAtLast == start + timeWaitNanos)
        {
            // Expired by the timer (or not yet): at an end b it holds while b - start < 2·MSL.
            return start + timeWaitNanos;
        }
        // Ended early by a packet at sinceAtLast: an end b holds it while that packet is not before b.
        return sinceAtLast + 1;
    }

    private int pathId(final ConnectionRecord record)
    {
        final PathKey key = new PathKey(record.client().hi(), record.client().lo(), record.vlan(), record.server());
        Integer id = ids.get(key);
        if (id == null)
        {
            id = paths.size();
            ids.put(key, id);
            paths.add(key);
            if (id == atLast.length)
            {
                atLast = Arrays.copyOf(atLast, id * 2);
            }
        }
        return id;
    }

    /**
     * @param counts   per row, connections in TIME_WAIT on the peak path.
     * @param subjects per row, the peak path as {@code client -> server:port}, or null.
     */
    public record Peaks(long[] counts, String[] subjects)
    {
    }

    private record PathKey(long clientHi, long clientLo, int vlan, Endpoint server)
    {
        /**
         * The record's default hash folds IPv4-mapped addresses (long runs of equal bits) into few buckets, and
         * HashMap then falls back to slow tree bins; mix the bits instead (as TimeWaitDetector's path key does).
         */
        @Override
        public int hashCode()
        {
            long h = clientLo * 0x9E3779B97F4A7C15L + clientHi;
            h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + server.lo();
            h = (h ^ (h >>> 31)) * 0x94D049BB133111EBL + (server.hi() ^ ((long)server.port() << 32 | vlan));
            return (int)(h ^ (h >>> 32));
        }

        String subject()
        {
            return new Endpoint(clientHi, clientLo, 0).address() + " -> " + server;
        }
    }

    /** Range "raise to at least v" over row numbers, point reads: a segment tree without pushes. */
    private static final class RangeMax
    {
        private final int size;
        private final long[] tree;

        RangeMax(final int n)
        {
            int s = 1;
            while (s < n)
            {
                s <<= 1;
            }
            size = s;
            tree = new long[2 * s];
        }

        /** Raises rows [from, to) to at least value. */
        void raise(final int from, final int to, final long value)
        {
            int lo = from + size;
            int hi = to + size;
            while (lo < hi)
            {
                if ((lo & 1) != 0)
                {
                    tree[lo] = Math.max(tree[lo], value);
                    lo++;
                }
                if ((hi & 1) != 0)
                {
                    hi--;
                    tree[hi] = Math.max(tree[hi], value);
                }
                lo >>= 1;
                hi >>= 1;
            }
        }

        long at(final int row)
        {
            long best = 0;
            for (int i = row + size; i > 0; i >>= 1)
            {
                best = Math.max(best, tree[i]);
            }
            return best;
        }
    }
}
