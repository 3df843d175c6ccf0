package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.wirestat.capture.cli.RecordBuilder.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableReportWriterTest
{
    private final ConnectionRecord established = connection()
        .client("10.0.0.1", 40_000).server("10.0.0.2", 80).history("ShADad").build();
    private final ConnectionRecord closeWait = connection()
        .client("10.0.0.1", 40_001).server("10.0.0.2", 80)
        .states(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT).traffic(12, 10, 1_000_000, 77).history("ShADadFf").build();
    private final ConnectionRecord v6 = connection()
        .client("fd00::1", 50_000).server("2001:db8::2", 443).build();
    private final ConnectionRecord closed1 = connection()
        .client("10.0.0.3", 40_002).server("10.0.0.2", 80).states(TcpState.CLOSED, TcpState.CLOSED).build();
    private final ConnectionRecord closed2 = connection()
        .client("10.0.0.4", 40_003).server("10.0.0.2", 80).states(TcpState.CLOSED, TcpState.CLOSED).build();

    @Test
    void shouldNameFilesAndSpanInTheHeader()
    {
        final String text = render(List.of(established), ConnectionFilter.ALL, false);
        assertTrue(text.startsWith("Capture: a.pcap, b.pcapng\n"), text);
        assertTrue(text.contains("Span:    2024-05-01T12:00:00.000Z to 2024-05-01T12:01:30.123Z"), text);
    }

    @Test
    void shouldCountStatesPerSideSideBySideInUniqShape()
    {
        final String text = render(List.of(established, closeWait, v6), ConnectionFilter.ALL, false);
        assertTrue(text.contains("TCP states of the 3 connections shown:\n"), text);
        final List<String> lines = lines(text);
        final int header = lines.indexOf("client side            server side");
        assertTrue(header > 0, text);
        assertEquals("      2 ESTABLISHED          2 ESTABLISHED", lines.get(header + 1));
        assertEquals("      1 FIN_WAIT_2           1 CLOSE_WAIT", lines.get(header + 2));
        assertEquals("", lines.get(header + 3));
    }

    @Test
    void shouldAlignTheConnectionTableColumns()
    {
        final String text = render(List.of(established, closeWait, v6), ConnectionFilter.ALL, false);
        final List<String> lines = lines(text);
        final int header = headerIndex(lines);
        final String heading = lines.get(header);
        assertEquals("Client           Server             Client-State  Server-State  First-Seen                "
            + "Last-Seen                 C-Pkts  S-Pkts    C-Bytes  S-Bytes  History", heading);
        assertEquals("10.0.0.1:40000   10.0.0.2:80        ESTABLISHED   ESTABLISHED   2024-05-01T12:00:00.000Z  "
            + "2024-05-01T12:00:01.500Z       5       4        120     4096  ShADad", lines.get(header + 1));
        // Counts above 9,999 have thousands separators in the human table.
        assertEquals("10.0.0.1:40001   10.0.0.2:80        FIN_WAIT_2    CLOSE_WAIT    2024-05-01T12:00:00.000Z  "
            + "2024-05-01T12:00:01.500Z      12      10  1,000,000       77  ShADadFf", lines.get(header + 2));
        // Every column starts where its heading starts.
        for (final String column : new String[] {"Server", "Client-State", "First-Seen", "History"})
        {
            final int at = heading.indexOf(column);
            for (int row = 1; row <= 3; row++)
            {
                assertTrue(lines.get(header + row).charAt(at - 1) == ' ' && lines.get(header + row).charAt(at) != ' ',
                    column + " in row " + row + ":\n" + text);
            }
        }
    }

    @Test
    void shouldWriteIpv6EndpointsInBracketsAsSsDoes()
    {
        final String text = render(List.of(v6), ConnectionFilter.ALL, false);
        assertTrue(text.contains("[fd00::1]:50000  [2001:db8::2]:443"), text);
    }

    @Test
    void shouldHideClosedConnectionsAndSayHowMany()
    {
        final String text = render(List.of(established, closed1, closed2), ConnectionFilter.ALL, false);
        assertFalse(text.contains("10.0.0.3"), text);
        assertFalse(text.contains("10.0.0.4"), text);
        assertTrue(text.contains("TCP states of the 1 connection shown:"), text);
        assertTrue(text.contains("2 closed connections hidden (both endpoints CLOSED); --all shows them"), text);
    }

    @Test
    void shouldShowClosedConnectionsWhenAsked()
    {
        final String text = render(List.of(established, closed1, closed2), ConnectionFilter.ALL, true);
        assertTrue(text.contains("10.0.0.3:40002"), text);
        assertTrue(text.contains("10.0.0.4:40003"), text);
        assertTrue(text.contains("      2 CLOSED"), text);
        assertFalse(text.contains("hidden"), text);
    }

    @Test
    void shouldCountOnlyShownConnectionsAndHiddenOnesThatMatch()
    {
        final ConnectionFilter port80 = new ConnectionFilter(null, Side.BOTH, 80, null);
        final String text = render(List.of(established, v6, closed1), port80, false);
        assertTrue(text.contains("TCP states of the 1 connection shown:"), text);
        assertFalse(text.contains("fd00::1"), text);
        assertTrue(text.contains("1 closed connection hidden"), text);
    }

    @Test
    void shouldAddAVlanColumnOnlyWhenAConnectionHasOne()
    {
        assertFalse(render(List.of(established), ConnectionFilter.ALL, false).contains("VLAN"));
        final ConnectionRecord tagged = connection().client("10.0.0.9", 1_234).vlan(100).build();
        final String text = render(List.of(established, tagged), ConnectionFilter.ALL, false);
        final List<String> lines = lines(text);
        final int header = headerIndex(lines);
        assertTrue(lines.get(header).contains("Server       VLAN  Client-State"), text);
        assertTrue(lines.get(header + 1).contains("80     -  ESTABLISHED"), text);
        assertTrue(lines.get(header + 2).contains("80   100  ESTABLISHED"), text);
    }

    @Test
    void shouldPrintNonZeroCountersAlignedAndSayHowManyAreZero()
    {
        final String text = render(List.of(established), ConnectionFilter.ALL, false);
        assertTrue(text.contains("Counters (whole capture, before any selection):\n"
            + "  frames           1234\n"
            + "  tcp_segments     1200\n"
            + "  skipped_not_tcp    34\n"
            + "  connections         3\n"
            + "  (1 more counter is 0; --format jsonl lists every counter)\n"), text);
        assertFalse(text.contains("port_reuses"), text);
    }

    @Test
    void shouldSayWhenNoConnectionIsShown()
    {
        final AnalysisReport empty = new AnalysisReport(
            Collections.emptyList(), RecordBuilder.counters(), Collections.emptyList(), Long.MIN_VALUE, Long.MIN_VALUE);
        final String text = render(empty, ConnectionFilter.ALL, false);
        assertTrue(text.contains("Span:    - to - "), text);
        assertTrue(text.contains("TCP states of the 0 connections shown:"), text);
        assertFalse(text.contains("Client-State"), text);
        assertTrue(text.contains("frames"), text);
    }

    @Test
    void shouldShowStatesInLifecycleOrderWithUnevenColumns()
    {
        final List<ConnectionRecord> records = new ArrayList<>();
        records.add(connection().states(TcpState.SYN_SENT, TcpState.SYN_RECV).build());
        records.add(connection().states(TcpState.TIME_WAIT, TcpState.CLOSED).build());
        records.add(connection().states(TcpState.ESTABLISHED, TcpState.SYN_RECV).build());
        final List<String> lines = lines(render(records, ConnectionFilter.ALL, false));
        final int header = lines.indexOf("client side            server side");
        assertEquals("      1 SYN_SENT             2 SYN_RECV", lines.get(header + 1));
        assertEquals("      1 ESTABLISHED          1 CLOSED", lines.get(header + 2));
        assertEquals("      1 TIME_WAIT", lines.get(header + 3));
    }

    private static int headerIndex(final List<String> lines)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).startsWith("Client "))
            {
                return i;
            }
        }
        throw new AssertionError("no table heading in:\n" + String.join("\n", lines));
    }

    private static List<String> lines(final String text)
    {
        return List.of(text.split("\n", -1));
    }

    private static String render(final List<ConnectionRecord> records, final ConnectionFilter filter,
        final boolean showClosed)
    {
        return render(RecordBuilder.report(records, List.of()), filter, showClosed);
    }

    private static String render(final AnalysisReport report, final ConnectionFilter filter,
        final boolean showClosed)
    {
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        new TableReportWriter(out, filter, showClosed).write(report, List.of(Path.of("a.pcap"), Path.of("b.pcapng")));
        out.flush();
        // PrintWriter.println uses the platform line separator; compare with \n.
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
