package io.wirestat.capture.timeline;

import io.wirestat.capture.cli.WirestatCli;
import io.wirestat.capture.report.timeline.Timeline;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze --timeline} end to end on the kernel demo capture: the CSV (header, one row per second, cells
 * that parse), the jsonl objects (after the alerts, before the summary), the text lines, {@code --shards} giving the
 * same rows, the usage errors, and {@code live -r} speaking the same columns with the same last row.
 */
final class TimelineCliTest
{
    private static final String DEMO = TimelineExactnessTest.KERNEL.resolve("demo.pcap").toString();

    private String out;
    private String err;

    @Test
    void shouldWriteACsvThatReadsAsATable()
    {
        assertEquals(0, run("analyze", "--format", "csv", "--timeline", "1s", DEMO), err);
        final String[] lines = out.split("\r\n");
        assertEquals(String.join(",", Timeline.COLUMNS), lines[0]);
        // demo.pcap spans 08:20:08.300 to 08:21:10.323: rows end at 08:20:09 ... 08:21:10, then at the last frame.
        assertEquals(1 + 63, lines.length);
        final int states = Timeline.COLUMNS.indexOf("client_unknown");
        for (int i = 1; i < lines.length; i++)
        {
            final String[] cells = lines[i].split(",", -1);
            assertEquals(Timeline.COLUMNS.size(), cells.length, lines[i]);
            Double.parseDouble(cells[0]);
            long client = 0;
            long server = 0;
            for (int s = 0; s < TcpState.COUNT; s++)
            {
                client += Long.parseLong(cells[states + s]);
                server += Long.parseLong(cells[states + TcpState.COUNT + s]);
            }
            // Every record has both endpoints: the two sides count the same connections.
            assertEquals(client, server, lines[i]);
        }
        final String[] last = lines[lines.length - 1].split(",", -1);
        assertEquals("1795422070.323287", last[0]);
        assertEquals("2026-11-23T08:21:10.323Z", last[1]);
        // As of the last frame, the same counts as the summary: 46 connections, 30 of them in TIME_WAIT.
        assertEquals("30", last[Timeline.COLUMNS.indexOf("client_time_wait")]);
        assertEquals("12", last[Timeline.COLUMNS.indexOf("server_close_wait")]);
        assertEquals("30", last[Timeline.COLUMNS.indexOf("time_wait_peak")]);
        assertEquals("198.18.0.1 -> 198.18.0.2:8080", last[Timeline.COLUMNS.indexOf("time_wait_peak_path")]);
        assertEquals("28232", last[Timeline.COLUMNS.indexOf("port_range")]);
    }

    @Test
    void shouldWriteTimelineObjectsAfterTheAlertsAndBeforeTheSummary()
    {
        assertEquals(0, run("analyze", "--format", "jsonl", "--timeline", "10s", DEMO), err);
        final List<String> types = new ArrayList<>();
        for (final String line : out.split("\n"))
        {
            types.add(line.substring(9, line.indexOf('"', 9)));
        }
        final int firstTimeline = types.indexOf("timeline");
        assertEquals(types.lastIndexOf("alert") + 1, firstTimeline);
        assertEquals(types.size() - 1, types.indexOf("summary"));
        assertEquals(8, types.stream().filter("timeline"::equals).count());
        final String row = out.split("\n")[firstTimeline];
        assertTrue(row.startsWith("{\"type\":\"timeline\",\"t\":1795422010.000000,\"time\":\"2026-11-23T08:20:10.000Z\","
            + "\"interval\":10.0,\"client_unknown\":0,"), row);
        assertTrue(row.contains("\"opened_active\":15,\"opened_passive\":14,\"closed\":0,\"reset\":0,"), row);
    }

    @Test
    void shouldGiveTheSameRowsWithShards()
    {
        assertEquals(0, run("analyze", "--format", "csv", "--timeline", "500ms", DEMO), err);
        final String one = out;
        assertEquals(0, run("analyze", "--format", "csv", "--timeline", "500ms", "--shards", "4", DEMO), err);
        assertEquals(one, out);
    }

    @Test
    void shouldPrintLinesBeforeTheTableReport()
    {
        assertEquals(0, run("analyze", "--timeline", "20s", DEMO), err);
        assertTrue(out.startsWith("Timeline (4 rows; --format jsonl or csv for every column):\n"
            + "2026-11-23T08:20:20.000Z client[SYN_SENT=1 ESTABLISHED=2 FIN_WAIT_2=12] server[UNKNOWN=1 "
            + "ESTABLISHED=2 CLOSE_WAIT=12] opened=15/14 closed=0 reset=0 syn_retx=7 retx=0 fired: syn_unanswered "
            + "198.18.0.2:7000\n"), out);
        assertTrue(out.contains("\nCapture: "), out);
    }

    @Test
    void shouldRefuseWhatDoesNotGoTogether()
    {
        assertEquals(2, run("analyze", "--format", "csv", "--timeline", "1s", "--group-by", "service", DEMO));
        assertTrue(err.contains("--timeline's rows are one table, --group-by, --sort and --limit shape another"), err);
        assertEquals(2, run("analyze", "--format", "zeek", "--timeline", "1s", DEMO));
        assertTrue(err.contains("--timeline has no place in a Zeek conn.log"), err);
        assertEquals(2, run("analyze", "--timeline", "0s", DEMO));
        assertTrue(err.contains("--timeline needs an interval above zero"), err);
        assertEquals(2, run("analyze", "--timeline", "soon", DEMO));
    }

    @Test
    void shouldSpeakTheSameColumnsLive()
    {
        assertEquals(0, run("analyze", "--format", "csv", "--timeline", "20s", DEMO), err);
        final String[] offline = out.split("\r\n");
        assertEquals(0, run("live", "-r", DEMO, "--interval", "20s", "--format", "csv"), err);
        final String[] live = out.split("\r\n");
        assertEquals(offline[0], live[0]);
        assertTrue(live.length >= 2, out);
        // The last row is the end of the capture in both: the same states on both sides.
        final List<String> a = new java.util.ArrayList<>(Arrays.asList(offline[offline.length - 1].split(",", -1)));
        // The timeline counts the transition table's states as they are written; the report (live's rows) names the
        // likelier state where the wire leaves one open (issue 10): demo's black-holed SYN has a server the table
        // leaves UNKNOWN and the report calls CLOSED (no socket answered).
        final int unknown = Timeline.COLUMNS.indexOf("server_unknown");
        final int closed = Timeline.COLUMNS.indexOf("server_closed");
        a.set(unknown, Long.toString(Long.parseLong(a.get(unknown)) - 1));
        a.set(closed, Long.toString(Long.parseLong(a.get(closed)) + 1));
        final List<String> b = Arrays.asList(live[live.length - 1].split(",", -1));
        final int from = Timeline.COLUMNS.indexOf("client_unknown");
        final int to = from + 2 * TcpState.COUNT;
        assertEquals(a.subList(0, 2), b.subList(0, 2));
        assertEquals(a.subList(from, to), b.subList(from, to));
        assertEquals(a.get(Timeline.COLUMNS.indexOf("time_wait_peak")), b.get(Timeline.COLUMNS.indexOf("time_wait_peak")));
        // Over the whole capture the opens add up to the same in both.
        assertEquals(sum(offline, "opened_active"), sum(live, "opened_active"));
        assertEquals(sum(offline, "reset"), sum(live, "reset"));
        assertEquals(sum(offline, "syn_retransmits"), sum(live, "syn_retransmits"));
    }

    private static long sum(final String[] lines, final String column)
    {
        final int c = Timeline.COLUMNS.indexOf(column);
        long total = 0;
        for (int i = 1; i < lines.length; i++)
        {
            total += Long.parseLong(lines[i].split(",", -1)[c]);
        }
        return total;
    }

    private int run(final String... args)
    {
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8), args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }
}
