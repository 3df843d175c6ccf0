package io.wirestat.bench.gen;

import io.wirestat.capture.live.HeapBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated flood through {@code wirestat analyze --max-connections 10000}, in its own JVM with the heap the
 * launcher would give that bound: the table holds at most the bound, the finished connections go first, then the
 * oldest half-open ones (exactly the flood's oldest SYNs), established ones never (a full table of them refuses
 * newcomers, counted); every eviction and refusal is in the summary's counters and the metrics file; syn_flood
 * fires on the SYN flood; the crafted real connection, open through the flood, ends FIN_WAIT_2 / CLOSE_WAIT with
 * all its packets. The 10 M-packet version of this is bench/flood.sh (figures in bench/RESULTS.md).
 */
class FloodAnalyzeTest
{
    private static final int MAX_CONNECTIONS = 10_000;
    private static final long FLOOD_PACKETS = 300_000;

    @TempDir
    Path dir;

    @Test
    void shouldHoldTheBoundEvictTheOldestSynsFirstAndTrackTheRealConnection() throws Exception
    {
        final FloodCapture capture = generate(FloodOptions.MODE_SYN);
        final Run run = analyze(capture);
        final FloodExpectation expected = new FloodExpectation(capture, MAX_CONNECTIONS, 0);

        assertCommon(capture, run, expected);
        assertEquals(0, run.report.counter("table_full_drops"), run.report.summary);
        assertTrue(run.report.hasAlert("syn_flood", FloodCapture.SERVICE), "syn_flood: " + run.report.alerts);
        // Oldest incomplete first: the SYNs held are exactly the newest ones, from the first one not evicted.
        final List<String> flood = floodConnections(run.report);
        assertEquals(expected.held, flood.size());
        long oldest = Long.MAX_VALUE;
        for (final String line : flood)
        {
            assertEquals("SYN_SENT", FloodReport.text(line, "client_state"), line);
            // No socket on the server for an unanswered SYN (issue 10): CLOSED, SYN_RECV left open by the wire.
            assertEquals("CLOSED", FloodReport.text(line, "server_state"), line);
            assertTrue(line.contains("\"server_state_alternatives\":[\"SYN_RECV\"]"), line);
            oldest = Math.min(oldest, FloodReport.micros(line, "first_seen"));
        }
        assertEquals(capture.flowStartMicros(expected.firstHeld), oldest, "the oldest SYN held");
    }

    @Test
    void shouldNeverEvictEstablishedFlowsAndCountTheRefusedOnes() throws Exception
    {
        final FloodCapture capture = generate(FloodOptions.MODE_ESTABLISHED);
        final Run run = analyze(capture);
        final FloodExpectation expected = new FloodExpectation(capture, MAX_CONNECTIONS, 0);

        assertCommon(capture, run, expected);
        assertTrue(expected.tableFullDrops > 0, "the flood overfills the table");
        assertEquals(expected.tableFullDrops, run.report.counter("table_full_drops"), run.report.summary);
        assertEquals(expected.tableFullDrops, run.metric("wirestat_dropped_packets_total\\{where=\"table_full\"\\}"));
        assertFalse(run.report.hasAlert("syn_flood", FloodCapture.SERVICE), "handshakes complete: no syn_flood");
        // Established last: the flows held are the oldest ones, all ESTABLISHED; the newer ones were refused.
        final List<String> flood = floodConnections(run.report);
        assertEquals(expected.held, flood.size());
        long newest = Long.MIN_VALUE;
        for (final String line : flood)
        {
            assertEquals("ESTABLISHED", FloodReport.text(line, "client_state"), line);
            assertEquals("ESTABLISHED", FloodReport.text(line, "server_state"), line);
            newest = Math.max(newest, FloodReport.micros(line, "first_seen"));
        }
        assertEquals(capture.flowStartMicros(expected.held - 1), newest, "the newest flow held");
    }

    /** What both floods must show: the bound, the counts, the earlier connections and the real one. */
    private static void assertCommon(final FloodCapture capture, final Run run, final FloodExpectation expected)
    {
        final FloodReport report = run.report;
        assertEquals(0, run.exit, run.stderr);
        assertFalse(run.stderr.contains("OutOfMemoryError"), run.stderr);
        assertTrue(expected.held < capture.floodFlows, "the flood overfills the table");
        assertEquals(capture.packets, report.counter("frames"), report.summary);
        assertEquals(MAX_CONNECTIONS, report.connections.size(), "records held = the bound");
        assertEquals(MAX_CONNECTIONS, FloodReport.number(report.summary, "connections"), report.summary);
        assertEquals(expected.connections, report.counter("connections"), report.summary);
        assertEquals(capture.finished, expected.evictedFinished, "the finished ones all go");
        assertEquals(expected.evictedFinished, report.counter("evicted_finished"), report.summary);
        assertEquals(expected.evictedHalfOpen, report.counter("evicted_half_open"), report.summary);
        assertEquals(report.counter("connections") - MAX_CONNECTIONS,
            report.counter("evicted_finished") + report.counter("evicted_half_open"), "every removal counted");
        assertEquals(expected.evictedFinished, run.metric("wirestat_tracker_evictions_total\\{reason=\"finished\"\\}"));
        assertEquals(expected.evictedHalfOpen,
            run.metric("wirestat_tracker_evictions_total\\{reason=\"half_open\"\\}"));

        int idle = 0;
        for (final String line : report.connections)
        {
            final String client = FloodReport.text(line, "client");
            assertFalse(client.startsWith(FloodCapture.FINISHED_CLIENT + ":"), "finished ones evicted first: " + line);
            if (client.startsWith(FloodCapture.IDLE_CLIENT + ":"))
            {
                idle++;
                assertEquals("ESTABLISHED", FloodReport.text(line, "client_state"), line);
                assertEquals("ESTABLISHED", FloodReport.text(line, "server_state"), line);
            }
        }
        assertEquals(capture.established, idle, "no established connection evicted");

        final String real = report.connection(FloodCapture.REAL_CLIENT);
        assertNotNull(real, "the real connection is still tracked");
        assertEquals(FloodCapture.REAL_SERVER, FloodReport.text(real, "server"), real);
        assertEquals(FloodCapture.REAL_CLIENT_STATE, FloodReport.text(real, "client_state"), real);
        assertEquals(FloodCapture.REAL_SERVER_STATE, FloodReport.text(real, "server_state"), real);
        assertEquals(capture.realClientPackets, FloodReport.number(real, "client_packets"), real);
        assertEquals(capture.realServerPackets, FloodReport.number(real, "server_packets"), real);
        assertEquals(capture.realClientBytes, FloodReport.number(real, "client_bytes"), real);
        assertEquals(capture.realServerBytes, FloodReport.number(real, "server_bytes"), real);
        assertEquals(0, report.counter("retransmits"), "nothing of the real connection misread: " + real);
        assertNull(report.connection(FloodCapture.FINISHED_CLIENT + ":41000"));

        // The bound's heap, plus the JVM's own (code, metaspace, threads, GC structures, the mapped file's pages).
        assertTrue(run.peakRssKib << 10 < HeapBudget.requiredBytes(MAX_CONNECTIONS, 1) + (512L << 20),
            "peak RSS " + (run.peakRssKib >> 10) + " MiB");
        System.out.printf("FloodAnalyzeTest %s: %,d packets, --max-connections %d, -Xmx%dm: peak RSS %d MiB; "
                + "connections %d, evicted_finished %d, evicted_half_open %d, table_full_drops %d%n", capture.mode,
            capture.packets, MAX_CONNECTIONS, HeapBudget.requiredBytes(MAX_CONNECTIONS, 1) >> 20,
            run.peakRssKib >> 10, report.counter("connections"), report.counter("evicted_finished"),
            report.counter("evicted_half_open"), report.counter("table_full_drops"));
    }

    private static List<String> floodConnections(final FloodReport report)
    {
        final List<String> flood = new ArrayList<>();
        for (final String line : report.connections)
        {
            if (FloodReport.text(line, "client").startsWith("10."))
            {
                flood.add(line);
            }
        }
        return flood;
    }

    private FloodCapture generate(final String mode) throws IOException
    {
        final FloodOptions options = new FloodOptions();
        options.output = dir.resolve(mode + ".pcap");
        options.mode = mode;
        options.packets = FLOOD_PACKETS;
        options.exchangeEvery = 50_000;
        options.verbose = false;
        return FloodGenerator.generate(options);
    }

    /**
     * Runs {@code wirestat analyze} in a JVM of its own, under python3, which reports the child's peak resident
     * set (getrusage RUSAGE_CHILDREN, what /usr/bin/time -v calls "Maximum resident set size").
     */
    private Run analyze(final FloodCapture capture) throws IOException, InterruptedException
    {
        final Path out = dir.resolve(capture.mode + ".jsonl");
        final Path err = dir.resolve(capture.mode + ".err");
        final Path metrics = dir.resolve(capture.mode + ".prom");
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Process p = new ProcessBuilder("python3", "-c", String.join("\n",
            "import resource, subprocess, sys",
            "code = subprocess.call(sys.argv[1:])",
            "print('peak_rss_kib=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)",
            "sys.exit(code)"),
            java, "-Xmx" + (HeapBudget.requiredBytes(MAX_CONNECTIONS, 1) >> 20) + "m",
            "-cp", System.getProperty("java.class.path"), "io.wirestat.capture.cli.WirestatCli",
            "analyze", capture.file.toString(), "--max-connections", Integer.toString(MAX_CONNECTIONS),
            "--format", "jsonl", "--all", "--metrics-file", metrics.toString())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "analyze finished");
        final String stderr = Files.readString(err, StandardCharsets.UTF_8);
        final Matcher rss = Pattern.compile("peak_rss_kib=(\\d+)").matcher(stderr);
        assertTrue(rss.find(), stderr);
        return new Run(p.exitValue(), new FloodReport(Files.readString(out, StandardCharsets.UTF_8)), stderr,
            Long.parseLong(rss.group(1)), Files.readString(metrics, StandardCharsets.UTF_8));
    }

    private static final class Run
    {
        final int exit;
        final FloodReport report;
        final String stderr;
        final long peakRssKib;
        final String metrics;

        Run(final int exit, final FloodReport report, final String stderr, final long peakRssKib,
            final String metrics)
        {
            this.exit = exit;
            this.report = report;
            this.stderr = stderr;
            this.peakRssKib = peakRssKib;
            this.metrics = metrics;
        }

        /** @return a series' value in the metrics file (a whole number). */
        long metric(final String series)
        {
            final Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.E+]+)$").matcher(metrics);
            assertTrue(m.find(), series + " in " + metrics);
            return (long)Double.parseDouble(m.group(1));
        }
    }
}
