package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.AlertKind;
import io.wirestat.tracker.detect.Severity;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.wirestat.capture.cli.RecordBuilder.T0;
import static io.wirestat.capture.cli.RecordBuilder.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The human report at scale: alerts grouped by kind above the threshold, the connection table's default order
 * (what the alerts point at first), every {@code --sort} key with {@code -r} and {@code --limit} (checked against
 * orders computed here from the jsonl objects of {@code demo.pcap}), thousands separators, csv quoting.
 */
class ReadableTableCliTest
{
    private static final Path DEMO = GroupByCliTest.fixture("replay-fixtures/captures/kernel/demo.pcap");
    private static final long SECOND = 1_000_000_000L;

    private String out = "";
    private String err = "";

    /** n services with unanswered SYNs, service i having i+1 connections. */
    private static AnalysisReport blackHoles(final int services)
    {
        final List<ConnectionRecord> records = new ArrayList<>();
        for (int i = 0; i < services; i++)
        {
            for (int c = 0; c <= i; c++)
            {
                records.add(connection().client("10.0.0.1", 40_000 + 100 * i + c).server("10.9.0." + (i + 1), 443)
                    .states(TcpState.SYN_SENT, TcpState.UNKNOWN).traffic(2, 0, 0, 0).history("S")
                    .seen(T0 + i * SECOND, T0 + i * SECOND).build());
            }
        }
        return RecordBuilder.report(records, List.of());
    }

    @Test
    void shouldListAKindWithFiveSubjectsOneByOne()
    {
        assertEquals(ExitCode.OK.code(), run(blackHoles(5), "analyze", "--alerts-only", "x.pcap"), this::dump);
        assertEquals(5, out.lines().filter(l -> l.startsWith("warning   syn_unanswered")).count(), this::dump);
        assertFalse(out.contains("more (`--format jsonl` lists every one)"), this::dump);
        assertTrue(out.startsWith("Alerts (5 warning; most severe first):\n"), this::dump);
    }

    @Test
    void shouldGroupAKindWithMoreThanFiveSubjects() throws IOException
    {
        assertEquals(ExitCode.OK.code(), run(blackHoles(8), "analyze", "--alerts-only", "x.pcap"), this::dump);
        final List<String> lines = out.lines().toList();
        assertEquals("Alerts (8 warning; most severe first; kinds with more than 5 subjects grouped):", lines.get(0),
            this::dump);
        // One group line: severity, kind, subjects, connections (1+2+...+8), the oldest, the advice once.
        assertTrue(lines.get(2).matches("warning +syn_unanswered +8 subjects +36 +1m30s +SYNs got no answer: "
            + "nothing reaches the services.*check routes and filters\\."), this::dump);
        // The top five subjects by count (then age), each with its count, then how many more.
        final String[] top = {"10.9.0.8:443 +8", "10.9.0.7:443 +7", "10.9.0.6:443 +6", "10.9.0.5:443 +5",
            "10.9.0.4:443 +4"};
        for (int i = 0; i < top.length; i++)
        {
            assertTrue(lines.get(3 + i).matches(" +" + top[i] + " +1m\\d\\ds"), lines.get(3 + i) + "\n" + dump());
        }
        assertTrue(lines.get(8).matches(" +\\.\\.\\. and 3 more \\(`--format jsonl` lists every one\\)"), this::dump);
        assertEquals(9, lines.size(), this::dump);
        assertEquals(2, out.split("got no answer", -1).length, "the advice is said once:\n" + dump());

        // The threshold is an option; jsonl and --fail-on still see every alert.
        run(blackHoles(8), "analyze", "--alerts-only", "--group-alerts", "10", "x.pcap");
        assertEquals(8, out.lines().filter(l -> l.startsWith("warning   syn_unanswered")).count(), this::dump);
        run(blackHoles(8), "analyze", "--alerts-only", "--group-alerts", "2", "x.pcap");
        assertTrue(out.contains("... and 6 more"), this::dump);
        run(blackHoles(8), "analyze", "--alerts-only", "--format", "jsonl", "x.pcap");
        assertEquals(8, out.lines().count(), this::dump);
        assertEquals(ExitCode.ALERT.code(), run(blackHoles(8), "analyze", "--fail-on", "syn_unanswered", "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(blackHoles(8), "analyze", "--group-alerts", "-1", "x.pcap"));
    }

    @Test
    void shouldKeepTheOtherKindsInTheirPlaceAroundAGroup()
    {
        final List<Alert> alerts = new ArrayList<>();
        alerts.add(new Alert(AlertKind.SYN_FLOOD, Severity.CRITICAL, "10.0.0.2:80", 12_000, 0, 5 * SECOND, Map.of(),
            List.of(), "flood"));
        for (int i = 0; i < 12_345; i++)
        {
            alerts.add(new Alert(AlertKind.SYN_UNANSWERED, Severity.WARNING, "10.1." + i / 250 + "." + i % 250 + ":81",
                1, 0, 3 * SECOND, Map.of(), List.of(), "one"));
        }
        alerts.add(new Alert(AlertKind.ONE_DIRECTIONAL, Severity.INFO, "10.0.0.1 -> 10.0.0.2:80", 3, 0, 75 * SECOND,
            Map.of(), List.of(), "one way"));
        final StringWriter text = new StringWriter();
        new AlertTableWriter(new PrintWriter(text, true)).write(alerts);
        final List<String> lines = text.toString().lines().toList();
        assertEquals("Alerts (1 critical, 12,345 warning, 1 info; most severe first; kinds with more than 5 subjects "
            + "grouped):", lines.get(0));
        assertTrue(lines.get(2).matches("critical +syn_flood +10\\.0\\.0\\.2:80 +12,000 +5s +flood"), text::toString);
        assertTrue(lines.get(3).matches("warning +syn_unanswered +12,345 subjects +12,345 +3s +SYNs got no answer.*"),
            text::toString);
        assertTrue(lines.get(9).trim().equals("... and 12,340 more (`--format jsonl` lists every one)"),
            text::toString);
        assertTrue(lines.get(10).startsWith("info      one_directional"), text::toString);
        assertEquals(11, lines.size(), text::toString);
    }

    @Test
    void shouldHaveAdviceForEveryKind()
    {
        for (final String kind : AlertKind.ALL)
        {
            assertTrue(AlertAdvice.has(kind), kind);
        }
    }

    @Test
    void shouldPutTheConnectionsTheAlertsPointAtFirst() throws IOException
    {
        // Capture order has the healthy ones first; the stuck CLOSE_WAIT (the oldest of its class first), then the
        // half-open one, must come first.
        final List<ConnectionRecord> records = List.of(
            connection().client("10.0.0.1", 1).build(),
            connection().client("10.0.0.1", 2).seen(T0 + SECOND, T0 + 2 * SECOND).states(TcpState.SYN_SENT,
                TcpState.UNKNOWN).build(),
            connection().client("10.0.0.1", 3).seen(T0 + 2 * SECOND, T0 + 3 * SECOND).states(TcpState.FIN_WAIT_2,
                TcpState.CLOSE_WAIT).build(),
            connection().client("10.0.0.1", 4).seen(T0 + 3 * SECOND, T0 + 3 * SECOND).build(),
            connection().client("10.0.0.1", 5).seen(T0 - SECOND, T0 + 3 * SECOND).states(TcpState.FIN_WAIT_2,
                TcpState.CLOSE_WAIT).build());
        run(RecordBuilder.report(records, List.of()), "analyze", "x.pcap");
        assertEquals(List.of("10.0.0.1:5", "10.0.0.1:3", "10.0.0.1:2", "10.0.0.1:1", "10.0.0.1:4"), clients(), this::dump);
        run(RecordBuilder.report(records, List.of()), "analyze", "--limit", "2", "x.pcap");
        assertEquals(List.of("10.0.0.1:5", "10.0.0.1:3"), clients(), this::dump);
        assertTrue(out.contains("\n... and 3 more connections (--limit 0 shows every one; --sort orders them)\n"),
            this::dump);
        // csv keeps the report's order (capture order) unless sorted.
        run(RecordBuilder.report(records, List.of()), "analyze", "--format", "csv", "x.pcap");
        assertEquals(List.of("10.0.0.1:1", "10.0.0.1:2", "10.0.0.1:3", "10.0.0.1:4", "10.0.0.1:5"), csvClients());
    }

    @Test
    void shouldSortByEveryKeyBothWays() throws IOException
    {
        final List<Map<String, Object>> connections = GroupByCliTest.objects(GroupByCliTest.run("analyze", "--format",
            "jsonl", DEMO.toString()), "connection");
        connections.removeIf(c -> "CLOSED".equals(c.get("client_state")) && "CLOSED".equals(c.get("server_state")));
        final Comparator<Map<String, Object>> firstSeen = Comparator
            .comparing((Map<String, Object> c) -> (BigDecimal)c.get("first_seen"))
            .thenComparing(c -> (String)c.get("client")).thenComparing(c -> (String)c.get("server"));
        final Map<String, Comparator<Map<String, Object>>> keys = Map.of(
            "age", firstSeen,
            "first-seen", firstSeen,
            "state-age", Comparator.comparing((Map<String, Object> c) -> min((BigDecimal)c.get("client_state_since"),
                (BigDecimal)c.get("server_state_since"))).thenComparing(firstSeen),
            "packets", Comparator.comparingLong((Map<String, Object> c) -> -((Long)c.get("client_packets")
                + (Long)c.get("server_packets"))).thenComparing(firstSeen),
            "bytes", Comparator.comparingLong((Map<String, Object> c) -> -((Long)c.get("client_bytes")
                + (Long)c.get("server_bytes"))).thenComparing(firstSeen),
            "client", Comparator.comparing((Map<String, Object> c) -> endpointKey((String)c.get("client")))
                .thenComparing(firstSeen),
            "server", Comparator.comparing((Map<String, Object> c) -> endpointKey((String)c.get("server")))
                .thenComparing(firstSeen));
        assertEquals(7, keys.size(), "every --sort key");
        for (final Map.Entry<String, Comparator<Map<String, Object>>> key : keys.entrySet())
        {
            final List<Map<String, Object>> expected = new ArrayList<>(connections);
            expected.sort(key.getValue());
            final List<String> tuples = expected.stream().map(c -> c.get("client") + " " + c.get("server")).toList();
            assertEquals(tuples, csvTuples(GroupByCliTest.run("analyze", "--format", "csv", "--sort", key.getKey(),
                DEMO.toString())), key.getKey());
            final List<String> reversed = new ArrayList<>(tuples);
            java.util.Collections.reverse(reversed);
            assertEquals(reversed, csvTuples(GroupByCliTest.run("analyze", "--format", "csv", "--sort", key.getKey(),
                "-r", DEMO.toString())), key.getKey() + " -r");
            assertEquals(tuples.subList(0, 4), csvTuples(GroupByCliTest.run("analyze", "--format", "csv", "--sort",
                key.getKey(), "--limit", "4", DEMO.toString())), key.getKey() + " --limit 4");
            // The human table has the same order.
            final String table = GroupByCliTest.run("analyze", "--sort", key.getKey(), "--limit", "3", DEMO.toString());
            final List<String> rows = table.lines().filter(l -> l.matches("^(198\\.18|\\[fd00).*")).toList();
            for (int i = 0; i < 3; i++)
            {
                assertTrue(rows.get(i).matches(tuples.get(i).replace(" ", " +").replace(".", "\\.")
                    .replace("[", "\\[").replace("]", "\\]") + " .*"), key.getKey() + ": " + rows + " vs " + tuples);
            }
        }
    }

    @Test
    void shouldRefuseOrderingWhereItDoesNotApply()
    {
        final AnalysisReport report = blackHoles(1);
        assertEquals(ExitCode.USAGE.code(), run(report, "analyze", "--format", "jsonl", "--sort", "age", "x.pcap"));
        assertTrue(err.contains("jsonl lists every connection in capture order"), this::dump);
        assertEquals(ExitCode.USAGE.code(), run(report, "analyze", "--format", "zeek", "--limit", "3", "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(report, "analyze", "-r", "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(report, "analyze", "--sort", "size", "x.pcap"));
        assertTrue(err.contains("unknown sort key: 'size'"), this::dump);
        assertEquals(ExitCode.USAGE.code(), run(report, "analyze", "--limit", "-1", "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(report, "analyze", "--group-by", "service", "--sort", "bytes",
            "x.pcap"));
        assertEquals(ExitCode.USAGE.code(), run(report, "analyze", "--format", "csv", "--alerts-only", "x.pcap"));
        assertEquals(ExitCode.OK.code(), run(report, "analyze", "--group-by", "service", "--sort", "age", "-r",
            "x.pcap"), this::dump);
    }

    @Test
    void shouldSeparateThousandsInHumanOutputOnly()
    {
        assertEquals("9999", HumanNumbers.count(9_999));
        assertEquals("10,000", HumanNumbers.count(10_000));
        assertEquals("287,444", HumanNumbers.count(287_444));
        final AnalysisReport big = RecordBuilder.report(List.of(connection().traffic(12_345, 9_999, 1_234_567, 0)
            .build()), List.of());
        run(big, "analyze", "x.pcap");
        assertTrue(out.matches("(?s).* 12,345 +9999 +1,234,567 +0 .*"), this::dump);
        run(big, "analyze", "--format", "csv", "x.pcap");
        assertTrue(out.contains(",12345,9999,1234567,0,"), this::dump);
        run(big, "analyze", "--format", "jsonl", "x.pcap");
        assertTrue(out.contains("\"client_packets\":12345,"), this::dump);
    }

    @Test
    void shouldQuoteCsvFieldsAsRfc4180Says()
    {
        assertEquals("plain", CsvReportWriter.field("plain"));
        assertEquals("\"a,b\"", CsvReportWriter.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvReportWriter.field("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvReportWriter.field("two\nlines"));
        run(blackHoles(1), "analyze", "--format", "csv", "x.pcap");
        assertTrue(out.startsWith("client,server,vlan,client_state,server_state,first_seen,last_seen,history,partial,"
            + "client_packets,server_packets,client_bytes,server_bytes,client_ip_bytes,server_ip_bytes,"
            + "syn_retransmits,client_retransmits,server_retransmits,client_state_since,server_state_since\r\n"),
            this::dump);
        assertTrue(out.contains("\r\n10.0.0.1:40000,10.9.0.1:443,0,SYN_SENT,UNKNOWN,1714564800.000000,"), this::dump);
        assertTrue(out.endsWith("\r\n"), this::dump);
    }

    private static BigDecimal min(final BigDecimal a, final BigDecimal b)
    {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** IPv4 before IPv6, then the address bytes, then the port: the order --sort client|server promises. */
    private static String endpointKey(final String endpoint)
    {
        try
        {
            final int colon = endpoint.lastIndexOf(':');
            final String host = endpoint.substring(0, colon).replace("[", "").replace("]", "");
            final byte[] bytes = java.net.InetAddress.getByName(host).getAddress();
            final StringBuilder sb = new StringBuilder(bytes.length == 4 ? "4" : "6");
            for (final byte b : bytes)
            {
                sb.append(String.format("%02x", b));
            }
            return sb.append(String.format("%05d", Integer.parseInt(endpoint.substring(colon + 1)))).toString();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private List<String> clients()
    {
        return out.lines().filter(l -> l.startsWith("10.0.0.1:")).map(l -> l.substring(0, l.indexOf(' ')))
            .toList();
    }

    private List<String> csvClients()
    {
        return out.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
    }

    private static List<String> csvTuples(final String csv)
    {
        final List<String> tuples = new ArrayList<>();
        final String[] lines = csv.split("\r\n");
        for (int i = 1; i < lines.length; i++)
        {
            final String[] f = lines[i].split(",");
            tuples.add(f[0] + " " + f[1]);
        }
        return tuples;
    }

    private int run(final AnalysisReport report, final String... args)
    {
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8), options -> report, args);
        out = o.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n").replace("\r\n", "\r\n");
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String dump()
    {
        return "--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
