package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.report.html.HtmlReport;
import io.wirestat.capture.report.prometheus.MetricsFile;
import io.wirestat.capture.report.prometheus.MetricsInput;
import io.wirestat.capture.report.prometheus.MetricsSettings;
import io.wirestat.capture.report.prometheus.WirestatMetrics;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The files {@code analyze} writes beside its report: {@code --html}'s page and {@code --metrics-file}'s Prometheus
 * text. Apart from {@link AnalyzeCommand} and from the report's writer ({@link AnalyzeReportWriter}) because they are
 * made from what the report pass found (the alerts, the timeline) once stdout is done, and a file that cannot be
 * written is said on stderr and fails the run (exit 2) without touching the report already printed. Not thread safe;
 * one per run.
 */
final class AnalyzeSideFiles
{
    private final Path html;
    private final int htmlConnections;
    private final String htmlOrder;
    private final Path metricsFile;
    private final int metricsTopServices;

    /**
     * @param html               {@code --html}, or null.
     * @param htmlConnections    {@code --html-connections}.
     * @param htmlOrder          {@code --html-order}.
     * @param metricsFile        {@code --metrics-file}, or null.
     * @param metricsTopServices {@code --metrics-top-services}.
     */
    AnalyzeSideFiles(final Path html, final int htmlConnections, final String htmlOrder, final Path metricsFile,
        final int metricsTopServices)
    {
        this.html = html;
        this.htmlConnections = htmlConnections;
        this.htmlOrder = htmlOrder;
        this.metricsFile = metricsFile;
        this.metricsTopServices = metricsTopServices;
    }

    /** @return false (said on stderr) if the page could not be written. */
    boolean writeHtml(final PrintWriter err, final AnalysisOptions options, final AnalysisReport report,
        final AnalyzeReportWriter.Written written, final DetectorConfig config)
    {
        try
        {
            new HtmlReport(options, config, htmlConnections, htmlOrder)
                .write(html, report, written.alerts(), written.series());
            return true;
        }
        catch (final IOException ex)
        {
            err.println("wirestat: cannot write --html " + html + ": " + IoMessages.describe(ex));
            return false;
        }
    }

    /** @return false (said on stderr) if the file could not be written. */
    boolean writeMetrics(
        final PrintWriter err, final AnalysisReport report, final List<Alert> alerts, final DetectorConfig config)
    {
        try
        {
            final MetricsSettings settings = new MetricsSettings(
                metricsTopServices, VersionProvider.projectVersion(), config.portRangeSize());
            final long asOf = report.lastNanos() == Timestamps.NONE ? Long.MIN_VALUE : report.lastNanos();
            MetricsFile.write(metricsFile, WirestatMetrics.write(new MetricsInput(
                report.connections(), alerts, report.counters(), asOf, report.faults().size()), settings));
            return true;
        }
        catch (final IOException ex)
        {
            err.println("wirestat: cannot write --metrics-file " + metricsFile + ": " + IoMessages.describe(ex));
            return false;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("wirestat: " + ex.getMessage());
            return false;
        }
    }
}
