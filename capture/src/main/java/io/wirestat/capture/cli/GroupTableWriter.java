package io.wirestat.capture.cli;

import io.wirestat.tracker.state.TcpState;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code --group-by} rows for people: one aligned line per group, its key, its connections, one column per
 * state that any shown group has (lifecycle order; the endpoints in that state, on the counted sides), and its
 * oldest stuck endpoint's age and state. Counts above 9,999 get thousands separators. Not thread safe.
 */
final class GroupTableWriter
{
    private static final String GAP = "  ";

    private final PrintWriter out;

    /** @param out where to write. */
    GroupTableWriter(final PrintWriter out)
    {
        this.out = out;
    }

    /**
     * @param groups    the groups.
     * @param rows      the rows to show, in order (a prefix of the ordered groups when limited).
     * @param total     how many groups there are in all.
     * @param side      whose endpoints the state columns count.
     * @param order     how the rows are ordered, for the heading ({@code most CLOSE_WAIT first}).
     * @param asOfNanos the report's time, for ages.
     */
    void write(final StateGroups groups, final List<StateGroups.Row> rows, final int total, final Side side,
        final String order, final long asOfNanos)
    {
        out.println("Connections by " + groups.key() + ": " + HumanNumbers.plural(total, "group") + ", "
            + HumanNumbers.plural(groups.connections(), "connection") + "; columns count the endpoints in each state"
            + (side == Side.BOTH ? " on both sides" : " on the " + side + " side") + "; " + order + ":");
        if (rows.isEmpty())
        {
            return;
        }
        final List<Integer> states = new ArrayList<>();
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            for (final StateGroups.Row row : rows)
            {
                if (row.states[state] != 0)
                {
                    states.add(state);
                    break;
                }
            }
        }
        final List<String[]> lines = new ArrayList<>();
        final String[] heading = new String[states.size() + 3];
        heading[0] = groups.key().heading();
        heading[1] = "Conns";
        for (int i = 0; i < states.size(); i++)
        {
            heading[i + 2] = TcpState.name(states.get(i));
        }
        heading[heading.length - 1] = "Oldest-Stuck";
        lines.add(heading);
        for (final StateGroups.Row row : rows)
        {
            final String[] cells = new String[heading.length];
            cells[0] = row.label;
            cells[1] = HumanNumbers.count(row.connections);
            for (int i = 0; i < states.size(); i++)
            {
                cells[i + 2] = HumanNumbers.count(row.states[states.get(i)]);
            }
            cells[cells.length - 1] = row.hasStuck() ?
                AlertTableWriter.age(asOfNanos - row.oldestStuckSince) + " " + TcpState.name(row.oldestStuckState) : "-";
            lines.add(cells);
        }
        final int[] widths = new int[heading.length];
        for (final String[] cells : lines)
        {
            for (int i = 0; i < cells.length; i++)
            {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        for (final String[] cells : lines)
        {
            final StringBuilder line = new StringBuilder(120);
            for (int i = 0; i < cells.length; i++)
            {
                if (i > 0)
                {
                    line.append(GAP);
                }
                final String pad = " ".repeat(widths[i] - cells[i].length());
                if (i == 0 || i == cells.length - 1)
                {
                    line.append(cells[i]).append(pad);
                }
                else
                {
                    line.append(pad).append(cells[i]);
                }
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.size() < total)
        {
            out.println("... and " + HumanNumbers.count(total - rows.size()) + " more group"
                + (total - rows.size() == 1 ? "" : "s") + " (a larger --limit shows more; --limit 0 every one)");
        }
    }
}
