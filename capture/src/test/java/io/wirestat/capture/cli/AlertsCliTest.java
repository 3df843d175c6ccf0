package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.AlertKind;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Severity;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.wirestat.capture.cli.RecordBuilder.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alerts part of {@code wirestat analyze}: the section and its place, JSONL alert objects, {@code --alerts-only},
 * {@code --fail-on} and its exit code, the threshold options and their defaults.
 */
class AlertsCliTest
{
    /** Server in CLOSE_WAIT since T0+1.5 s, silent; the report ends at T0+90 s: a leak. */
    private final ConnectionRecord leak = connection()
        .client("10.0.0.1", 40_001).server("10.0.0.2", 8080).states(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT).build();
    private final ConnectionRecord healthy = connection().build();
    private final AnalysisReport leaking = RecordBuilder.report(List.of(healthy, leak), List.of());
    private final AnalysisReport clean = RecordBuilder.report(List.of(healthy), List.of());

    private String out = "";
    private String err = "";

    @Test
    void shouldTallyAlertsInTheHeaderAndListThemBeforeTheTable()
    {
        assertEquals(ExitCode.OK.code(), run(leaking, "analyze", "x.pcap"), this::dump);
        assertTrue(out.contains("Alerts:  2 warning (listed below)\n"), this::dump);
        final int section = out.indexOf("Alerts (2 warning; most severe first):\n");
        // The summary and the alerts first, so that the first screen says what is wrong; the table after them.
        assertTrue(section > out.indexOf("TCP states of the"), this::dump);
        assertTrue(section < out.indexOf("Client-State"), this::dump);
        assertTrue(section < out.indexOf("Counters ("), this::dump);
        final String[] lines = out.substring(section).split("\n");
        assertTrue(lines[1].matches("Severity +Kind +Subject +Count +Oldest +Detail"), this::dump);
        assertTrue(lines[2].matches("warning +stuck_close_wait +10\\.0\\.0\\.2:8080 +1 +1m28s +10\\.0\\.0\\.2:8080 holds.*"),
            this::dump);
        assertTrue(lines[3].startsWith("warning   stuck_fin_wait_2"), this::dump);
    }

    @Test
    void shouldSayNoneWhenNothingHurts()
    {
        assertEquals(ExitCode.OK.code(), run(clean, "analyze", "x.pcap"), this::dump);
        assertTrue(out.contains("Alerts:  none\n"), this::dump);
        assertTrue(out.contains("\nAlerts: none\n"), this::dump);
        assertTrue(out.indexOf("\nAlerts: none\n") < out.indexOf("Client-State"), this::dump);
    }

    @Test
    void shouldPrintOnlyTheAlertsWithAlertsOnly()
    {
        run(leaking, "analyze", "--alerts-only", "x.pcap");
        assertTrue(out.startsWith("Alerts (2 warning; most severe first):\n"), this::dump);
        assertFalse(out.contains("Counters"), this::dump);
        assertFalse(out.contains("10.0.0.1:40000"), this::dump);

        run(leaking, "analyze", "--alerts-only", "--format", "jsonl", "x.pcap");
        final String[] lines = out.split("\n");
        assertEquals(2, lines.length, this::dump);
        for (final String line : lines)
        {
            assertEquals("alert", parse(line).get("type"), line);
        }
        run(clean, "analyze", "--alerts-only", "--format", "jsonl", "x.pcap");
        assertEquals("", out, this::dump);
    }

    @Test
    void shouldWriteAlertObjectsBeforeTheSummaryAndCountThemByKind()
    {
        run(leaking, "analyze", "--format", "jsonl", "x.pcap");
        final String[] lines = out.split("\n");
        assertEquals(5, lines.length, this::dump);
        final Map<String, Object> alert = parse(lines[2]);
        assertEquals("stuck_close_wait", alert.get("kind"));
        assertEquals("warning", alert.get("severity"));
        assertEquals("10.0.0.2:8080", alert.get("subject"));
        assertEquals(1L, alert.get("count"));
        assertEquals("1714564801.499999", alert.get("since").toString());
        assertEquals("88.623457", alert.get("age_seconds").toString());
        assertEquals(1L, ((Map<?, ?>)alert.get("evidence")).get("stuck"));
        assertEquals(List.of("10.0.0.1:40001 -> 10.0.0.2:8080"), alert.get("samples"));
        assertTrue(alert.get("message").toString().contains("close()"));
        final Map<String, Object> summary = parse(lines[4]);
        assertEquals(Map.of("stuck_close_wait", 1L, "stuck_fin_wait_2", 1L), summary.get("alerts_by_kind"));
    }

    @Test
    void shouldExitFourWhenANamedAlertFired()
    {
        assertEquals(ExitCode.ALERT.code(), run(leaking, "analyze", "--fail-on", "stuck_close_wait", "x.pcap"));
        assertEquals(4, ExitCode.ALERT.code());
        assertEquals(ExitCode.ALERT.code(), run(leaking, "analyze", "--fail-on", "syn_flood,stuck-fin-wait-2",
            "x.pcap"), this::dump);
        assertEquals(ExitCode.ALERT.code(), run(leaking, "analyze", "--alerts-only", "--fail-on", "any", "x.pcap"));
        assertEquals(ExitCode.OK.code(), run(leaking, "analyze", "--fail-on", "syn_flood", "x.pcap"), this::dump);
        assertEquals(ExitCode.OK.code(), run(clean, "analyze", "--fail-on", "any", "x.pcap"), this::dump);
    }

    @Test
    void shouldRejectAnUnknownKindOrABadThreshold()
    {
        assertEquals(ExitCode.USAGE.code(), run(clean, "analyze", "--fail-on", "close_wait", "x.pcap"));
        assertTrue(err.contains("unknown alert kind for --fail-on: 'close_wait'"), this::dump);
        assertTrue(err.contains("Try 'wirestat analyze --help'"), this::dump);
        assertEquals(ExitCode.USAGE.code(), run(clean, "analyze", "--port-range", "60999-32768", "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(clean, "analyze", "--port-range", "1024", "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(clean, "analyze", "--time-wait-warning", "90", "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(clean, "analyze", "--syn-timeout", "soon", "x.pcap"));
    }

    @Test
    void shouldApplyThresholdOptions()
    {
        // 88 s in CLOSE_WAIT is not yet a leak with a 5-minute threshold.
        assertEquals(ExitCode.OK.code(), run(leaking, "analyze", "--close-wait-after", "5m", "--fin-wait-2-after",
            "5m", "--fail-on", "any", "x.pcap"), this::dump);
        assertEquals(ExitCode.ALERT.code(), run(leaking, "analyze", "--close-wait-critical", "1", "--fail-on",
            "stuck_close_wait", "x.pcap"), this::dump);
        assertTrue(out.contains("critical  stuck_close_wait"), this::dump);
    }

    @Test
    void shouldDefaultEveryThresholdToTheDetectorDefaults()
    {
        final DetectorOptions options = new DetectorOptions();
        new CommandLine(new Holder(options)).parseArgs();
        final DetectorConfig parsed = options.config(DetectorConfig.TIME_WAIT_DEFAULT_NS);
        final DetectorConfig defaults = new DetectorConfig();
        assertEquals(defaults.closeWaitAfterNanos(), parsed.closeWaitAfterNanos());
        assertEquals(defaults.closeWaitCriticalCount(), parsed.closeWaitCriticalCount());
        assertEquals(defaults.finWait2AfterNanos(), parsed.finWait2AfterNanos());
        assertEquals(defaults.lastAckRetransmits(), parsed.lastAckRetransmits());
        assertEquals(defaults.portRangeLow(), parsed.portRangeLow());
        assertEquals(defaults.portRangeHigh(), parsed.portRangeHigh());
        assertEquals(defaults.timeWaitWarningPercent(), parsed.timeWaitWarningPercent());
        assertEquals(defaults.timeWaitCriticalPercent(), parsed.timeWaitCriticalPercent());
        assertEquals(defaults.timeWaitFloor(), parsed.timeWaitFloor());
        assertEquals(defaults.synTimeoutNanos(), parsed.synTimeoutNanos());
        assertEquals(defaults.synRecvTimeoutNanos(), parsed.synRecvTimeoutNanos());
        assertEquals(defaults.synFloodCount(), parsed.synFloodCount());
        assertEquals(defaults.synFloodSources(), parsed.synFloodSources());
        assertEquals(defaults.synFloodAgeNanos(), parsed.synFloodAgeNanos());
        assertEquals(defaults.peerGoneAfterNanos(), parsed.peerGoneAfterNanos());
        assertEquals(defaults.peerGoneProbes(), parsed.peerGoneProbes());
    }

    @Test
    void shouldDocumentKindsDefaultsAndTheExitCodeInHelp()
    {
        assertEquals(ExitCode.OK.code(), run(clean, "analyze", "--help"));
        for (final String kind : AlertKind.ALL)
        {
            assertTrue(out.contains(kind), "help names " + kind + "\n" + dump());
        }
        assertTrue(out.contains("Default: 32768-60999"), this::dump);
        assertTrue(out.contains("Default: 3s"), this::dump);
        assertTrue(out.contains("  4   analysed, and an alert of a kind named by --fail-on fired"), this::dump);
    }

    @Test
    void shouldFormatAgesAsPsDoes()
    {
        assertEquals("45s", AlertTableWriter.age(45_900_000_000L));
        assertEquals("2m05s", AlertTableWriter.age(125_000_000_000L));
        assertEquals("3h07m", AlertTableWriter.age((3 * 3600 + 7 * 60) * 1_000_000_000L));
        assertEquals("2d04h", AlertTableWriter.age((2 * 86_400 + 4 * 3600) * 1_000_000_000L));
    }

    @Test
    void shouldAlignTheAlertTable()
    {
        final StringWriter text = new StringWriter();
        new AlertTableWriter(new PrintWriter(text, true)).write(List.of(
            new Alert("syn_flood", Severity.CRITICAL, "10.0.0.2:80", 1200, 0, 5_000_000_000L, Map.of(), List.of(),
                "flood"),
            new Alert("one_directional", Severity.INFO, "10.0.0.1 -> 10.0.0.2:80", 3, 0, 75_000_000_000L, Map.of(),
                List.of(), "one way")));
        assertEquals(String.join("\n",
            "Alerts (1 critical, 1 info; most severe first):",
            "Severity  Kind             Subject                  Count  Oldest  Detail",
            "critical  syn_flood        10.0.0.2:80               1200      5s  flood",
            "info      one_directional  10.0.0.1 -> 10.0.0.2:80      3   1m15s  one way",
            ""), text.toString().replace(System.lineSeparator(), "\n"));
    }

    @CommandLine.Command
    static final class Holder
    {
        @CommandLine.Mixin
        DetectorOptions options;

        Holder(final DetectorOptions options)
        {
            this.options = options;
        }
    }

    private static Map<String, Object> parse(final String line)
    {
        try
        {
            return JsonlReportWriterTest.parseLine(line);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private int run(final AnalysisReport report, final String... args)
    {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8), options -> report, args);
        out = outBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        err = errBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        return code;
    }

    private String dump()
    {
        return "--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
