package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.state.TcpState;

import java.util.List;

/**
 * How a report's rows are laid out, from {@code --sort}, {@code -r}, {@code --limit}, {@code --group-by} and
 * {@code --group-alerts}: shared by the human table and csv, for {@code analyze} and {@code live}'s final report.
 * Without {@code --sort}, the human table is in {@link AttentionOrder} when detector thresholds are given
 * ({@link #attention}), else in capture order; csv is in capture order. Not thread safe; filled, then read.
 */
public final class TableShape
{
    /** {@code --sort}, or null. */
    public SortKey sort;
    /** {@code -r}: reverse {@link #sort} (or, with {@code --group-by}, the groups' order). */
    public boolean reverse;
    /** {@code --limit}: at most this many rows (connections, or groups); 0 for all. */
    public long limit;
    /** {@code --group-by}, or null for the connection table. */
    public GroupKey groupBy;
    /** The thresholds that say which connections alerts point at (the default order), or null for capture order. */
    public DetectorConfig attention;
    /** {@code --group-alerts}: a kind with more alerts than this is printed as a group. */
    public int groupAlertsAbove = AlertTableWriter.GROUP_ABOVE_DEFAULT;

    /**
     * @param report     the report.
     * @param filter     the selection.
     * @param showClosed true to show connections closed on both sides.
     * @param useAttention true to use the attention order when no key is given (the human table), false for
     *                   capture order (csv).
     * @return the connection rows in this shape (with the limit only when not grouping: then it limits groups).
     */
    ConnectionRows rows(final AnalysisReport report, final ConnectionFilter filter, final boolean showClosed,
        final boolean useAttention)
    {
        final long connectionLimit = groupBy == null ? limit : 0;
        if (sort != null && groupBy == null)
        {
            return ConnectionRows.sorted(report, filter, showClosed, sort, reverse, connectionLimit);
        }
        if (useAttention && attention != null && groupBy == null)
        {
            return ConnectionRows.inAttentionOrder(report, filter, showClosed,
                new AttentionOrder(attention, asOf(report)), connectionLimit);
        }
        return ConnectionRows.inCaptureOrder(report, filter, showClosed, connectionLimit);
    }

    /**
     * @param groups the counted groups.
     * @param filter the selection: its states order the groups.
     * @return the group rows in order, all of them (the caller shows {@link #limit} of them).
     */
    List<StateGroups.Row> groupRows(final StateGroups groups, final ConnectionFilter filter)
    {
        return groups.rows(filter.states(), sort == SortKey.AGE, reverse);
    }

    /**
     * @param all every group, in order.
     * @return the ones to show.
     */
    List<StateGroups.Row> limited(final List<StateGroups.Row> all)
    {
        return limit == 0 || all.size() <= limit ? all : all.subList(0, (int)limit);
    }

    /** @return the groups' order in words, for the table's heading. */
    String groupOrder(final ConnectionFilter filter)
    {
        final String order;
        if (sort == SortKey.AGE)
        {
            order = "oldest stuck first";
        }
        else if (filter.states() != null)
        {
            final StringBuilder names = new StringBuilder();
            for (int state = 0; state < TcpState.COUNT; state++)
            {
                if (filter.states().contains(state))
                {
                    names.append(names.length() == 0 ? "" : "+").append(TcpState.name(state));
                }
            }
            order = "most " + names + " first";
        }
        else
        {
            order = "most connections first";
        }
        return reverse ? "reversed (" + order + ")" : order;
    }

    /** @return the report's time (its last frame; 0 for an empty capture). */
    static long asOf(final AnalysisReport report)
    {
        return report.lastNanos() == Timestamps.NONE ? 0 : report.lastNanos();
    }
}
