package io.wirestat.capture.cli;

import io.wirestat.capture.report.prometheus.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze --metrics-file} on the kernel-made {@code demo.pcap} (its expected states are in the README and
 * {@code demo.ss}): the textfile collector's file holds the same figures as the report, is replaced atomically
 * (nothing left beside it), is readable by node_exporter's user, and passes {@code promtool check metrics}.
 */
class AnalyzeMetricsFileTest
{
    private static final Path DEMO = Promtool.repositoryRoot().resolve("replay-fixtures/captures/kernel/demo.pcap");

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheReportAsPrometheusMetrics() throws Exception
    {
        final Path file = dir.resolve("wirestat.prom");
        Files.writeString(file, "an older run\n");
        final Run run = run("analyze", DEMO.toString(), "--alerts-only", "--metrics-file", file.toString(),
            "--metrics-top-services", "1");
        assertEquals(0, run.exit, run.err);
        final String text = Files.readString(file);
        for (final String line : List.of(
            // 12 connections to the service on 9000 that never closes (README), 30 finished in TIME_WAIT on 8080.
            "wirestat_connections{side=\"server\",state=\"CLOSE_WAIT\"} 12",
            "wirestat_connections{side=\"client\",state=\"FIN_WAIT_2\"} 12",
            "wirestat_connections{side=\"client\",state=\"ESTABLISHED\"} 2",
            "wirestat_connections{side=\"client\",state=\"SYN_SENT\"} 1",
            "wirestat_service_connections{service=\"198.18.0.2:9000\",side=\"server\",state=\"CLOSE_WAIT\"} 12",
            "wirestat_service_connections{service=\"other\",side=\"server\",state=\"CLOSE_WAIT\"} 0",
            "wirestat_alerts{kind=\"stuck_close_wait\",severity=\"warning\"} 1",
            "wirestat_alerts{kind=\"syn_unanswered\",severity=\"warning\"} 1",
            "wirestat_packets_total 443",
            "wirestat_tracked_connections_total 46",
            "wirestat_tracker_events_total{event=\"syn_retransmits\"} 9",
            "wirestat_input_faults 0",
            "wirestat_ephemeral_ports 28232",
            "wirestat_snapshot_timestamp_seconds 1795422070.323287"))
        {
            assertTrue(text.contains("\n" + line + "\n"), line + " in\n" + text);
        }
        final long clients = text.lines().filter(l -> l.startsWith("wirestat_connections{side=\"client\""))
            .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertEquals(46, clients, "every connection counted once per side");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
        final Promtool.Result lint = Promtool.checkMetrics(text);
        assertEquals(0, lint.exit(), lint.output());
    }

    @Test
    void shouldSayWhenTheFileCannotBeWritten() throws Exception
    {
        final Path file = dir.resolve("missing-directory/wirestat.prom");
        final Run run = run("analyze", DEMO.toString(), "--alerts-only", "--metrics-file", file.toString());
        assertEquals(ExitCode.USAGE.code(), run.exit);
        assertEquals("wirestat: cannot write --metrics-file " + file + ": " + file.getParent()
            + ": No such file or directory\n", run.err);
    }

    private static Run run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = WirestatCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err)
    {
    }
}
