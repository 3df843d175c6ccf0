package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.live.CsvView;
import io.wirestat.capture.live.JsonlView;
import io.wirestat.capture.live.LineView;
import io.wirestat.capture.live.LiveStatus;
import io.wirestat.capture.live.LiveView;
import io.wirestat.capture.live.ScreenView;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * What {@code live} writes to stdout in its {@code --format}: the view refreshed while it runs, then the final report
 * in {@code analyze}'s shape when it stops. Apart from {@link LiveCommand} and {@link LiveRun} because an interface
 * and a stream end with the same report, and because the csv view made at the start also writes the last row at
 * the end. Not thread safe; one per run.
 */
final class LiveOutput
{
    private final OutputFormat format;
    private final SelectionOptions selection;
    private final boolean alertsOnly;
    private final int groupAlerts;
    private final int portRange;
    /** The CSV view, which also writes the last row at the end ({@code --format csv}). */
    private CsvView csvView;

    /**
     * @param format      {@code --format}.
     * @param selection   which connections the final report shows.
     * @param alertsOnly  {@code --alerts-only}.
     * @param groupAlerts {@code --group-alerts}.
     * @param portRange   how many ephemeral ports there are, against which TIME_WAIT is counted.
     */
    LiveOutput(final OutputFormat format, final SelectionOptions selection, final boolean alertsOnly,
        final int groupAlerts, final int portRange)
    {
        this.format = format;
        this.selection = selection;
        this.alertsOnly = alertsOnly;
        this.groupAlerts = groupAlerts;
        this.portRange = portRange;
    }

    /**
     * @param out stdout.
     * @return the view for the format: a screen on a terminal, else one line per interval; jsonl or csv objects.
     */
    LiveView view(final PrintWriter out)
    {
        if (format == OutputFormat.JSONL)
        {
            return new JsonlView(out, portRange);
        }
        if (format == OutputFormat.CSV)
        {
            csvView = new CsvView(out, portRange);
            return csvView;
        }
        return System.console() != null ? new ScreenView(out) : new LineView(out);
    }

    /**
     * @param out    stdout.
     * @param last   the status when the run stopped.
     * @param alerts the alerts then.
     * @param source what the report names as its capture (the interface, or the stream).
     * @param asOf   what the table says the states are as of, or null for the table's own "the last frame".
     * @param config the detectors' thresholds, which order the table (the connections the alerts point at first).
     * @throws IOException if the report cannot be written.
     */
    void finish(final PrintWriter out, final LiveStatus last, final List<Alert> alerts, final String source,
        final String asOf, final DetectorConfig config) throws IOException
    {
        if (format == OutputFormat.CSV)
        {
            // The CSV is the timeline alone, one table: its last row is the end of the capture, no report after it.
            csvView.finish(last, alerts);
            return;
        }
        final AnalysisReport report = last.toReport();
        final List<Path> sources = List.of(Paths.get(source));
        if (format == OutputFormat.JSONL)
        {
            new JsonlReportWriter(out, selection.filter()).write(report, sources, alerts, alertsOnly);
        }
        else if (alertsOnly)
        {
            out.println();
            new AlertTableWriter(out).groupAbove(groupAlerts).write(alerts);
        }
        else
        {
            out.println();
            final TableReportWriter table =
                new TableReportWriter(out, selection.filter(), selection.showClosed()).shape(shape(config));
            if (asOf != null)
            {
                table.asOf(asOf);
            }
            table.write(report, sources, alerts);
        }
        out.flush();
    }

    /** The final table: the connections the alerts point at first, alert kinds with many subjects grouped. */
    private TableShape shape(final DetectorConfig config)
    {
        final TableShape shape = new TableShape();
        shape.attention = config;
        shape.groupAlertsAbove = groupAlerts;
        return shape;
    }
}
