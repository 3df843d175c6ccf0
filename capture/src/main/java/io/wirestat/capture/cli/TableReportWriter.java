package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a report for people, in the vocabulary of netstat and ss:
 * <ol>
 *   <li>a header naming the files and the packet-time span (states are as of the last frame);</li>
 *   <li>per-state counts of the shown connections, client side and server side next to each other, in
 *       {@code uniq -c} shape ({@code       3 ESTABLISHED});</li>
 *   <li>the alerts, when detectors ran ({@link AlertTableWriter}; a kind with many subjects as one group);</li>
 *   <li>a connection table like {@code ss -tan}, with both endpoints' states, aligned columns, in the
 *       {@link TableShape}'s order and number (by default the connections the alerts point at first); connections
 *       closed on both sides are hidden unless asked for, as ss hides them, and a line says how many were hidden;
 *       or, with {@code --group-by}, one row per group ({@link GroupTableWriter});</li>
 *   <li>the whole-capture counters.</li>
 * </ol>
 * The summary and the alerts come first, so that the first screen (through the pager, on a terminal) answers "what
 * is wrong" however long the table. Counts above 9,999 get thousands separators ({@link HumanNumbers}).
 * Faults are not written here: they go to stderr. Columns are sized in a first pass over the rows and printed in a
 * second, so memory stays proportional to the report, not to its text. Not thread safe; one per rendering.
 */
public final class TableReportWriter
{
    private static final String GAP = "  ";
    private static final String[] HEADINGS =
    {
        "Client", "Server", "VLAN", "Client-State", "Server-State", "First-Seen", "Last-Seen",
        "C-Pkts", "S-Pkts", "C-Bytes", "S-Bytes", "History"
    };
    private static final int VLAN_COLUMN = 2;
    private static final int FIRST_NUMERIC_COLUMN = 7;
    private static final int HISTORY_COLUMN = 11;
    private static final int COUNT_WIDTH_MIN = 7;
    private static final int STATE_NAME_WIDTH = 11;

    private final PrintWriter out;
    private final ConnectionFilter filter;
    private final boolean showClosed;
    private String asOf = "the last frame";
    private TableShape shape = new TableShape();

    /**
     * @param out        where to write.
     * @param filter     which connections to show.
     * @param showClosed true to show connections closed on both sides (ss {@code -a}).
     */
    public TableReportWriter(final PrintWriter out, final ConnectionFilter filter, final boolean showClosed)
    {
        this.out = out;
        this.filter = filter;
        this.showClosed = showClosed;
    }

    /**
     * @param asOf what the states are reported as of, for the header (offline: "the last frame"; live: the stop).
     * @return this.
     */
    public TableReportWriter asOf(final String asOf)
    {
        this.asOf = asOf;
        return this;
    }

    /**
     * @param shape the rows' order, number and grouping, and the alerts' grouping.
     * @return this.
     */
    public TableReportWriter shape(final TableShape shape)
    {
        this.shape = shape;
        return this;
    }

    /**
     * @param report to render.
     * @param files  the analysed files, named in the header.
     */
    public void write(final AnalysisReport report, final List<Path> files)
    {
        write(report, files, null);
    }

    /**
     * @param report to render.
     * @param files  the analysed files, named in the header.
     * @param alerts the detectors' alerts, most severe first; null when detectors did not run (no alerts section).
     */
    public void write(final AnalysisReport report, final List<Path> files, final List<Alert> alerts)
    {
        final StateGroups groups = shape.groupBy == null ? null : new StateGroups(shape.groupBy, filter.side());
        final ConnectionRows rows = shape.rows(report, filter, showClosed, true)
            .count(groups == null ? null : groups::add);

        writeHeader(report, files, alerts);
        writeStateCounts(rows.counts());
        if (alerts != null)
        {
            new AlertTableWriter(out).groupAbove(shape.groupAlertsAbove).write(alerts);
            out.println();
        }
        if (groups != null)
        {
            final List<StateGroups.Row> all = shape.groupRows(groups, filter);
            new GroupTableWriter(out).write(groups, shape.limited(all), all.size(), filter.side(),
                shape.groupOrder(filter), TableShape.asOf(report));
        }
        else
        {
            writeTable(rows);
        }
        if (rows.hidden() > 0)
        {
            out.println(HumanNumbers.plural(rows.hidden(), "closed connection")
                + " hidden (both endpoints CLOSED); --all shows them");
        }
        writeUncertaintyLegend(rows.counts());
        out.println();
        writeCounters(report.counters());
    }

    private void writeHeader(final AnalysisReport report, final List<Path> files, final List<Alert> alerts)
    {
        final StringBuilder names = new StringBuilder();
        for (final Path file : files)
        {
            names.append(names.length() == 0 ? "" : ", ").append(file);
        }
        out.println("Capture: " + (names.length() == 0 ? "-" : names));
        out.println("Span:    " + Timestamps.iso(report.firstNanos()) + " to " + Timestamps.iso(report.lastNanos())
            + " (states as of " + asOf + ")");
        if (alerts != null)
        {
            out.println("Alerts:  " + AlertTableWriter.tally(alerts) + (alerts.isEmpty() ? "" : " (listed below)"));
        }
        out.println();
    }

    private void writeStateCounts(final StateCounts counts)
    {
        final long shown = counts.connections();
        out.println("TCP states of the " + HumanNumbers.plural(shown, "connection") + " shown:");
        if (shown == 0)
        {
            out.println();
            return;
        }
        final int countWidth = Math.max(COUNT_WIDTH_MIN, HumanNumbers.count(shown).length());
        // "(N?)" beside a state: how many of its endpoints the wire leaves uncertain; sized only when there are any.
        final int uncertainWidth = counts.uncertainEndpoints() == 0 ? 0 : HumanNumbers.count(shown).length() + 3;
        final int columnWidth = countWidth + 1 + STATE_NAME_WIDTH + (uncertainWidth == 0 ? 0 : 1 + uncertainWidth);
        final String countFormat = "%" + countWidth + "s %-" + STATE_NAME_WIDTH + "s";
        final String blank = " ".repeat(columnWidth);
        out.println(pad("client side", columnWidth) + GAP + GAP + "server side");
        int clientNext = nextState(counts, true, 0);
        int serverNext = nextState(counts, false, 0);
        while (clientNext < TcpState.COUNT || serverNext < TcpState.COUNT)
        {
            final String left = clientNext < TcpState.COUNT ?
                String.format(countFormat, HumanNumbers.count(counts.client(clientNext)), TcpState.name(clientNext)) +
                    uncertain(counts.clientUncertain(clientNext), uncertainWidth) : blank;
            final String right = serverNext < TcpState.COUNT ?
                String.format(countFormat, HumanNumbers.count(counts.server(serverNext)), TcpState.name(serverNext)) +
                    uncertain(counts.serverUncertain(serverNext), uncertainWidth) : "";
            out.println((left + GAP + GAP + right).stripTrailing());
            clientNext = nextState(counts, true, clientNext + 1);
            serverNext = nextState(counts, false, serverNext + 1);
        }
        out.println();
    }

    private static String uncertain(final long n, final int width)
    {
        return width == 0 ? "" : " " + pad(n == 0 ? "" : "(" + HumanNumbers.count(n) + "?)", width);
    }

    /** Under the table: what the {@code ?} marks mean, and where the alternatives are listed. */
    private void writeUncertaintyLegend(final StateCounts counts)
    {
        final long n = counts.uncertainEndpoints();
        if (n > 0)
        {
            out.println("? " + HumanNumbers.count(n) + " endpoint state" + (n == 1 ? " is" : "s are") + " uncertain: the wire leaves "
                + "other states possible (--format jsonl lists them in client_state_alternatives and "
                + "server_state_alternatives, with the evidence; docs/state-model.md explains each)");
        }
    }

    private static int nextState(final StateCounts counts, final boolean client, final int from)
    {
        int state = from;
        while (state < TcpState.COUNT && (client ? counts.client(state) : counts.server(state)) == 0)
        {
            state++;
        }
        return state;
    }

    private void writeTable(final ConnectionRows rows)
    {
        if (rows.rows() == 0)
        {
            return;
        }
        final int[] widths = new int[HEADINGS.length];
        for (int i = 0; i < HEADINGS.length; i++)
        {
            widths[i] = HEADINGS[i].length();
        }
        final String[] cells = new String[HEADINGS.length];
        final boolean[] anyVlan = new boolean[1];
        rows.forEach(record ->
        {
            anyVlan[0] |= record.vlan() != 0;
            fill(cells, record);
            for (int i = 0; i < cells.length; i++)
            {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        });
        writeRow(HEADINGS, widths, anyVlan[0]);
        rows.forEach(record ->
        {
            fill(cells, record);
            writeRow(cells, widths, anyVlan[0]);
        });
        final long more = rows.counts().connections() - rows.rows();
        if (more > 0)
        {
            out.println("... and " + HumanNumbers.plural(more, "more connection")
                + " (--limit 0 shows every one; --sort orders them)");
        }
    }

    private void writeRow(final String[] row, final int[] widths, final boolean anyVlan)
    {
        final StringBuilder line = new StringBuilder(160);
        for (int i = 0; i < row.length; i++)
        {
            if (i == VLAN_COLUMN && !anyVlan)
            {
                continue;
            }
            if (line.length() > 0)
            {
                line.append(GAP);
            }
            if (i == HISTORY_COLUMN)
            {
                line.append(row[i]);
            }
            else if (i >= FIRST_NUMERIC_COLUMN || i == VLAN_COLUMN)
            {
                line.append(" ".repeat(widths[i] - row[i].length())).append(row[i]);
            }
            else
            {
                line.append(pad(row[i], widths[i]));
            }
        }
        out.println(line);
    }

    private static void fill(final String[] cells, final ConnectionRecord record)
    {
        cells[0] = record.client().toString();
        cells[1] = record.server().toString();
        cells[VLAN_COLUMN] = record.vlan() == 0 ? "-" : Integer.toString(record.vlan());
        cells[3] = record.clientStateName() + (record.clientCertainty().decided() ? "" : "?");
        cells[4] = record.serverStateName() + (record.serverCertainty().decided() ? "" : "?");
        cells[5] = Timestamps.iso(record.firstSeenNanos());
        cells[6] = Timestamps.iso(record.lastSeenNanos());
        cells[FIRST_NUMERIC_COLUMN] = HumanNumbers.count(record.clientPackets());
        cells[8] = HumanNumbers.count(record.serverPackets());
        cells[9] = HumanNumbers.count(record.clientBytes());
        cells[10] = HumanNumbers.count(record.serverBytes());
        cells[HISTORY_COLUMN] = record.history().isEmpty() ? "-" : record.history();
    }

    /**
     * Non-zero counters only, so what happened stands out; the line after them says the rest are zero (nothing
     * skipped, nothing evicted: "nothing lost" is worth saying). {@code --format jsonl} always lists every counter.
     */
    private void writeCounters(final Map<String, Long> counters)
    {
        out.println("Counters (whole capture, before any selection):");
        int nameWidth = 0;
        int valueWidth = 0;
        int zeros = 0;
        for (final Map.Entry<String, Long> counter : counters.entrySet())
        {
            if (counter.getValue() == 0)
            {
                zeros++;
                continue;
            }
            nameWidth = Math.max(nameWidth, counter.getKey().length());
            valueWidth = Math.max(valueWidth, HumanNumbers.count(counter.getValue()).length());
        }
        for (final Map.Entry<String, Long> counter : counters.entrySet())
        {
            if (counter.getValue() == 0)
            {
                continue;
            }
            final String value = HumanNumbers.count(counter.getValue());
            out.println("  " + pad(counter.getKey(), nameWidth) + GAP
                + " ".repeat(valueWidth - value.length()) + value);
        }
        if (zeros > 0)
        {
            final String rest = zeros == counters.size() ? "all " + zeros + " counters are 0"
                : zeros == 1 ? "1 more counter is 0" : zeros + " more counters are 0";
            out.println("  (" + rest + "; --format jsonl lists every counter)");
        }
    }

    private static String pad(final String text, final int width)
    {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
