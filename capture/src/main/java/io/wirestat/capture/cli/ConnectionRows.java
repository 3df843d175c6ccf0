package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The connections a table shows (human or csv), in the order and number asked for: those the selection matches,
 * without the ones closed on both sides unless they are asked for; in capture order, in {@link AttentionOrder}, or
 * by a {@link SortKey}; at most {@code --limit} of them. The report rebuilds its records on each pass instead of
 * holding them, so only what an order needs is held: nothing in capture order, the flagged connections in
 * attention order (the rest follow in a second pass, in capture order), every shown connection when sorted (the
 * {@code --limit} best ones only, in a bounded heap, when limited). Not thread safe; one per rendering.
 */
final class ConnectionRows
{
    /** How the rows are ordered. */
    private enum Mode
    {
        CAPTURE, ATTENTION, SORTED
    }

    private final AnalysisReport report;
    private final ConnectionFilter filter;
    private final boolean showClosed;
    private final Mode mode;
    private final AttentionOrder attention;
    private final Comparator<ConnectionRecord> sort;
    private final long limit;

    private final StateCounts counts = new StateCounts();
    private long hidden;
    private List<ConnectionRecord> held = List.of();
    private boolean counted;

    private ConnectionRows(final AnalysisReport report, final ConnectionFilter filter, final boolean showClosed,
        final Mode mode, final AttentionOrder attention, final Comparator<ConnectionRecord> sort, final long limit)
    {
        if (limit < 0)
        {
            throw new IllegalArgumentException("--limit must be 0 (no limit) or more: " + limit);
        }
        this.report = report;
        this.filter = filter;
        this.showClosed = showClosed;
        this.mode = mode;
        this.attention = attention;
        this.sort = sort;
        this.limit = limit == 0 ? Long.MAX_VALUE : limit;
    }

    /** @return rows in capture (first-seen) order. */
    static ConnectionRows inCaptureOrder(final AnalysisReport report, final ConnectionFilter filter,
        final boolean showClosed, final long limit)
    {
        return new ConnectionRows(report, filter, showClosed, Mode.CAPTURE, null, null, limit);
    }

    /** @return rows with the connections alerts point at first, then the rest in capture order. */
    static ConnectionRows inAttentionOrder(final AnalysisReport report, final ConnectionFilter filter,
        final boolean showClosed, final AttentionOrder attention, final long limit)
    {
        return new ConnectionRows(report, filter, showClosed, Mode.ATTENTION, attention, null, limit);
    }

    /** @return rows sorted by a key ({@code reverse}: {@code -r}). */
    static ConnectionRows sorted(final AnalysisReport report, final ConnectionFilter filter,
        final boolean showClosed, final SortKey key, final boolean reverse, final long limit)
    {
        final Comparator<ConnectionRecord> order = reverse ? key.comparator().reversed() : key.comparator();
        return new ConnectionRows(report, filter, showClosed, Mode.SORTED, null, order, limit);
    }

    /**
     * The first pass: counts the shown connections by state, and holds what the order needs.
     *
     * @param also handed every shown connection as well (e.g. a {@code --group-by} grouping), or null.
     * @return this.
     */
    ConnectionRows count(final Consumer<ConnectionRecord> also)
    {
        final List<ConnectionRecord> kept = new ArrayList<>();
        final PriorityQueue<ConnectionRecord> best = mode == Mode.SORTED && limit != Long.MAX_VALUE ?
            new PriorityQueue<>(sort.reversed()) : null;
        for (final ConnectionRecord record : report.records())
        {
            if (!shown(record))
            {
                continue;
            }
            counts.add(record);
            if (also != null)
            {
                also.accept(record);
            }
            if (best != null)
            {
                best.add(record);
                if (best.size() > limit)
                {
                    best.poll();
                }
            }
            else if (mode == Mode.SORTED || mode == Mode.ATTENTION && attention.flagged(record))
            {
                kept.add(record);
            }
        }
        if (best != null)
        {
            kept.addAll(best);
        }
        kept.sort(mode == Mode.ATTENTION ? attention.flaggedOrder() : sort);
        held = kept;
        counted = true;
        return this;
    }

    /** @return the per-state counts of every shown connection (before {@code --limit}). */
    StateCounts counts()
    {
        return counts;
    }

    /** @return connections hidden because both sides are closed. */
    long hidden()
    {
        return hidden;
    }

    /** @return how many rows {@link #forEach} visits: the shown connections, at most the limit. */
    long rows()
    {
        return Math.min(counts.connections(), limit);
    }

    /**
     * Visits the rows in order, at most the limit (another pass over the report in capture and attention order).
     *
     * @param row what to do with each row.
     */
    void forEach(final Consumer<ConnectionRecord> row)
    {
        if (!counted)
        {
            throw new IllegalStateException("count() first");
        }
        long visited = 0;
        if (mode != Mode.CAPTURE)
        {
            for (final ConnectionRecord record : held)
            {
                if (visited++ >= limit)
                {
                    return;
                }
                row.accept(record);
            }
            if (mode == Mode.SORTED)
            {
                return;
            }
        }
        for (final ConnectionRecord record : report.records())
        {
            if (visited >= limit)
            {
                return;
            }
            if (filter.matches(record) && (showClosed || !record.isClosed())
                && (mode == Mode.CAPTURE || !attention.flagged(record)))
            {
                visited++;
                row.accept(record);
            }
        }
    }

    private boolean shown(final ConnectionRecord record)
    {
        if (!filter.matches(record))
        {
            return false;
        }
        if (record.isClosed() && !showClosed)
        {
            hidden++;
            return false;
        }
        return true;
    }
}
