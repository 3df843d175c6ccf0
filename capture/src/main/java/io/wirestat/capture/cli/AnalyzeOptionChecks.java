package io.wirestat.capture.cli;

import io.wirestat.capture.report.html.HtmlReport;

import java.time.Duration;
import java.util.List;

/**
 * The option combinations {@code analyze} refuses, each with the message that says why: kept apart from
 * {@link AnalyzeCommand} so the command holds its options and its flow, and these rules read as one list. The
 * command says the first problem found and exits 2 (usage), before anything is read; which check comes first is
 * part of the behaviour (the message a user sees when several apply). Stateless; thread safe.
 */
final class AnalyzeOptionChecks
{
    private AnalyzeOptionChecks()
    {
    }

    /**
     * How the report's rows are laid out against the format: checked first, as picocli's own usage errors are.
     *
     * @param format     {@code --format}.
     * @param layout     {@code --sort}, {@code -r}, {@code --limit}, {@code --group-by}, {@code --group-alerts}.
     * @param alertsOnly {@code --alerts-only}.
     * @return what does not go together, or null if all does.
     */
    static String layoutProblem(final OutputFormat format, final LayoutOptions layout, final boolean alertsOnly)
    {
        if (layout.limit < 0)
        {
            return "--limit must be 0 (no limit) or more: " + layout.limit;
        }
        if (layout.groupAlerts < 0)
        {
            return "--group-alerts must be 0 or more: " + layout.groupAlerts;
        }
        if (format == OutputFormat.ZEEK && (layout.ordersRows() || layout.groupBy != null))
        {
            return "--sort, -r, --limit and --group-by do not apply to --format zeek (a conn.log in capture order)";
        }
        if (format == OutputFormat.JSONL && layout.groupBy == null && layout.ordersRows())
        {
            return "--sort, -r and --limit order the table and csv; jsonl lists every connection in capture "
                + "order (sort it with jq, or use --format csv)";
        }
        if (layout.groupBy != null && layout.sort != null && layout.sort != SortKey.AGE)
        {
            return "with --group-by, rows are ordered by the --state states' counts (or connections), or by "
                + "--sort age; --sort " + layout.sort + " orders connections";
        }
        if (layout.groupBy == null && layout.reverse && layout.sort == null)
        {
            return "-r reverses --sort KEY (or the --group-by rows): give --sort";
        }
        if (alertsOnly && (layout.groupBy != null || format == OutputFormat.CSV))
        {
            return "--alerts-only prints the alerts alone (table or jsonl); it does not go with "
                + (format == OutputFormat.CSV ? "--format csv" : "--group-by");
        }
        return null;
    }

    /**
     * Whether --timeline, --html and --format go together: checked once the pipeline's options are applied.
     *
     * @param timeline        {@code --timeline}, or null.
     * @param format          {@code --format}.
     * @param layout          the row layout, which a csv or jsonl timeline cannot share a table with.
     * @param htmlConnections {@code --html-connections}.
     * @param htmlOrder       {@code --html-order}.
     * @return what does not go together, or null if all does.
     */
    static String timelineProblem(final Duration timeline, final OutputFormat format, final LayoutOptions layout,
        final int htmlConnections, final String htmlOrder)
    {
        if (timeline != null && timeline.toNanos() <= 0)
        {
            return "--timeline needs an interval above zero, e.g. 1s";
        }
        if (timeline != null && format != OutputFormat.TABLE && (layout.groupBy != null || layout.ordersRows()))
        {
            return "--timeline's rows are one table, --group-by, --sort and --limit shape another: in " + format
                + " give one or the other (the text table shows both)";
        }
        if (format == OutputFormat.ZEEK && timeline != null)
        {
            return "--timeline has no place in a Zeek conn.log: use --format table, jsonl or csv";
        }
        if (htmlConnections < 1)
        {
            return "--html-connections must be at least 1";
        }
        if (!List.of(HtmlReport.orders().split(", ")).contains(htmlOrder))
        {
            return "--html-order takes one of " + HtmlReport.orders() + ", not '" + htmlOrder + "'";
        }
        return null;
    }
}
