package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.progress.ProgressMeter;
import io.wirestat.capture.report.timeline.Timeline;
import io.wirestat.capture.report.timeline.TimelineCsvWriter;
import io.wirestat.capture.report.timeline.TimelineSection;
import io.wirestat.capture.report.timeline.TimelineTextWriter;
import io.wirestat.capture.report.zeek.ZeekConnLogWriter;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Detectors;
import io.wirestat.tracker.report.ConnectionRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Writes {@code analyze}'s report to stdout in the chosen {@code --format} (table, csv, zeek, jsonl, or the
 * {@code --group-by} rows of any of them) and runs the detectors over the records on the way. Apart from
 * {@link AnalyzeCommand} because choosing the writer, and how many passes over the report it takes, is a job of its
 * own; the command says where the bytes go, and takes back the alerts and the timeline for the files written beside
 * the report ({@link AnalyzeSideFiles}) and for the exit code. Not thread safe; one per run, written once.
 */
final class AnalyzeReportWriter
{
    /** Output buffer for JSON lines written as bytes. */
    private static final int JSON_BUFFER_BYTES = 1 << 16;

    /**
     * What a write leaves for the rest of the run.
     *
     * @param alerts every connection's alerts, whatever the selection.
     * @param series the states over time, or null when neither {@code --timeline} nor {@code --html} asked.
     */
    record Written(List<Alert> alerts, Timeline series)
    {
    }

    private final OutputFormat format;
    private final LayoutOptions layout;
    private final SelectionOptions selection;
    private final boolean alertsOnly;
    /** {@code --timeline} was given: its rows are printed, not only gathered. */
    private boolean timelineRows;
    /** {@code --html} was given: the page needs the timeline even when the report has no rows of it. */
    private boolean timelineForHtml;
    private BooleanSupplier stdoutIsTerminal = () -> false;
    private Map<String, String> environment = Map.of();
    private ProgressMeter meter = ProgressMeter.OFF;

    /**
     * @param format     {@code --format}.
     * @param layout     how the rows are laid out.
     * @param selection  which connections are shown.
     * @param alertsOnly {@code --alerts-only}.
     */
    AnalyzeReportWriter(final OutputFormat format, final LayoutOptions layout, final SelectionOptions selection,
        final boolean alertsOnly)
    {
        this.format = format;
        this.layout = layout;
        this.selection = selection;
        this.alertsOnly = alertsOnly;
    }

    /**
     * @param rows    whether {@code --timeline}'s rows are printed.
     * @param forHtml whether {@code --html} needs the timeline gathered.
     * @return this.
     */
    AnalyzeReportWriter timeline(final boolean rows, final boolean forHtml)
    {
        this.timelineRows = rows;
        this.timelineForHtml = forHtml;
        return this;
    }

    /**
     * @param terminal whether stdout is a terminal (then the table goes through a pager); asked only for the table.
     * @param env      the environment the pager is chosen from.
     * @param progress the progress line, blanked before a pager takes the terminal.
     * @return this.
     */
    AnalyzeReportWriter pager(final BooleanSupplier terminal, final Map<String, String> env,
        final ProgressMeter progress)
    {
        this.stdoutIsTerminal = terminal;
        this.environment = env;
        this.meter = progress;
        return this;
    }

    /**
     * @param stdout the report's writer; flushed, not closed.
     * @param rawOut the bytes under it, for JSON lines written as UTF-8 bytes (null: write through {@code stdout}).
     * @param report the analysis.
     * @param files  the capture files, as the report names them.
     * @param config the detectors' thresholds.
     * @return the alerts and the timeline.
     * @throws IOException if the Zeek log cannot be written.
     */
    Written write(final PrintWriter stdout, final OutputStream rawOut, final AnalysisReport report,
        final List<Path> files, final DetectorConfig config) throws IOException
    {
        // Alerts look at every connection whatever the selection: a leak is a leak even if --port hides it. Each pass
        // over the report rebuilds the records from the trackers, one at a time, instead of holding them all. In
        // jsonl the alerts follow the connections, so the detectors ride along the writer's pass; the table tallies
        // them in its header, and Zeek does not print them, so there the detectors walk the records first.
        final ConnectionFilter filter = selection.filter();
        final TimelineSection section = report.timeline().count() > 0 || timelineForHtml ?
            new TimelineSection(report.timeline(), config) : null;
        final TableShape shape = shape(config);
        final List<Alert> alerts;
        if (format == OutputFormat.JSONL && layout.groupBy == null && rawOut != null)
        {
            stdout.flush();
            final BufferedOutputStream bytes = new BufferedOutputStream(rawOut, JSON_BUFFER_BYTES);
            alerts = new JsonlReportWriter(bytes, filter).timeline(section, timelineRows).write(report,
                files, Detectors.start(TableShape.asOf(report), config), alertsOnly);
            bytes.flush();
        }
        else if (format == OutputFormat.JSONL && layout.groupBy == null)
        {
            alerts = new JsonlReportWriter(stdout, filter).timeline(section, timelineRows).write(report,
                files, Detectors.start(TableShape.asOf(report), config), alertsOnly);
        }
        else
        {
            alerts = detect(report, config, section);
        }
        final Timeline series = section != null ? section.finish(alerts) : null;
        if (format == OutputFormat.ZEEK)
        {
            writeZeek(stdout, report, filter);
        }
        else if (format == OutputFormat.JSONL && layout.groupBy != null)
        {
            final StateGroups groups = groups(report, filter, shape);
            new JsonlReportWriter(stdout, filter).writeGroups(groups,
                shape.limited(shape.groupRows(groups, filter)), TableShape.asOf(report));
        }
        else if (format == OutputFormat.CSV)
        {
            if (timelineRows)
            {
                new TimelineCsvWriter(stdout).write(series);
            }
            else
            {
                writeCsv(stdout, report, filter, shape);
            }
        }
        else if (format == OutputFormat.TABLE)
        {
            writeTable(stdout, report, files, alerts, filter, shape, series);
        }
        stdout.flush();
        return new Written(alerts, series);
    }

    /** The detectors' walk over the records, with the timeline's gathering riding along when there is one. */
    private static List<Alert> detect(
        final AnalysisReport report, final DetectorConfig config, final TimelineSection section)
    {
        if (section == null)
        {
            return Detectors.run(report.records(), TableShape.asOf(report), config);
        }
        final Detectors.Run run = Detectors.start(TableShape.asOf(report), config);
        for (final ConnectionRecord record : report.records())
        {
            run.accept(record);
            section.accept(record);
        }
        return run.finish();
    }

    private TableShape shape(final DetectorConfig detectorConfig)
    {
        final TableShape shape = new TableShape();
        shape.sort = layout.sort;
        shape.reverse = layout.reverse;
        shape.limit = layout.limit;
        shape.groupBy = layout.groupBy;
        shape.groupAlertsAbove = layout.groupAlerts;
        shape.attention = detectorConfig;
        return shape;
    }

    private StateGroups groups(final AnalysisReport report, final ConnectionFilter filter, final TableShape shape)
    {
        final StateGroups groups = new StateGroups(shape.groupBy, filter.side());
        shape.rows(report, filter, selection.showClosed(), false).count(groups::add);
        return groups;
    }

    /** csv: the connection table (capture order by default), or the groups. */
    private void writeCsv(final PrintWriter out, final AnalysisReport report, final ConnectionFilter filter,
        final TableShape shape)
    {
        final CsvReportWriter csv = new CsvReportWriter(out);
        if (shape.groupBy != null)
        {
            final StateGroups groups = groups(report, filter, shape);
            csv.groups(groups, shape.limited(shape.groupRows(groups, filter)), TableShape.asOf(report));
            return;
        }
        final ConnectionRows rows = shape.rows(report, filter, selection.showClosed(), false).count(null);
        csv.connectionHeader();
        rows.forEach(csv::connection);
    }

    /** The human table (or the alerts alone), through a pager when stdout is a terminal. */
    private void writeTable(final PrintWriter stdout, final AnalysisReport report, final List<Path> files,
        final List<Alert> alerts, final ConnectionFilter filter, final TableShape shape, final Timeline series)
    {
        final boolean paged = !layout.noPager && stdoutIsTerminal.getAsBoolean();
        if (paged)
        {
            // The pager takes the terminal the progress line is on: blank it before, as before any report byte.
            meter.stop();
        }
        final Pager pager = paged ? Pager.start(environment) : null;
        final PrintWriter out = pager == null ? stdout : pager.writer();
        try
        {
            if (alertsOnly)
            {
                new AlertTableWriter(out).groupAbove(shape.groupAlertsAbove).write(alerts);
            }
            else
            {
                if (timelineRows)
                {
                    new TimelineTextWriter(out).write(series);
                }
                new TableReportWriter(out, filter, selection.showClosed()).shape(shape).write(report, files, alerts);
            }
            out.flush();
        }
        finally
        {
            if (pager != null)
            {
                pager.close();
            }
        }
    }

    /** Zeek's conn.log: every selected connection, closed ones included (Zeek logs a connection when it ends). */
    private static void writeZeek(final PrintWriter out, final AnalysisReport report, final ConnectionFilter filter)
        throws IOException
    {
        try (ZeekConnLogWriter zeek = new ZeekConnLogWriter(out))
        {
            for (final ConnectionRecord record : report.records())
            {
                if (filter.matches(record))
                {
                    zeek.write(record);
                }
            }
        }
    }
}
