package io.wirestat.capture.cli;

import io.wirestat.capture.check.CraftedCaptures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the wire cannot decide, end to end through the CLI on crafted captures: the jsonl fields, the summary's
 * capture point and uncertain counts, the table's {@code ?} mark, legend and per-state uncertain counts.
 */
class UncertainStatesOutputTest
{
    private static final Path CRAFTED = CraftedCaptures.directory();

    @Test
    void shouldListAlternativesAndEvidenceInJsonl() throws Exception
    {
        final List<Map<String, Object>> lines = jsonl("close-passive-fin-unacked.pcap");
        final Map<String, Object> c = lines.get(0);
        assertEquals("FIN_WAIT_2", c.get("client_state"));
        assertEquals(List.of("TIME_WAIT"), c.get("client_state_alternatives"));
        assertEquals("fin_unacknowledged", c.get("client_state_evidence"));
        assertEquals("LAST_ACK", c.get("server_state"));
        assertEquals(List.of(), c.get("server_state_alternatives"));
        assertEquals("observed", c.get("server_state_evidence"));
        final Map<String, Object> summary = lines.get(lines.size() - 1);
        assertEquals(Map.of("FIN_WAIT_2", 1L), summary.get("client_states_uncertain"));
        assertEquals(Map.of(), summary.get("server_states_uncertain"));
        assertEquals("unknown", ((Map<?, ?>)summary.get("capture_point")).get("side"));
    }

    @Test
    void shouldReportTheCapturePointWithItsBasis() throws Exception
    {
        final List<Map<String, Object>> lines = jsonl("crossing-fins-at-client-host.pcap");
        final Map<?, ?> point = (Map<?, ?>) lines.get(lines.size() - 1).get("capture_point");
        assertEquals("client", point.get("side"));
        assertEquals("1 of 1 handshake answered a round trip sooner by the client: SYN to SYN-ACK median 31 ms, "
            + "SYN-ACK to ACK median 1000 us", point.get("basis"));
        // On the client's host an ACK of the server's FIN would be on the capture: the client likelier FIN_WAIT_1;
        // the client's FIN had the whole path to reach the server: the server likelier CLOSING.
        assertEquals("FIN_WAIT_1", lines.get(0).get("client_state"));
        assertEquals("CLOSING", lines.get(0).get("server_state"));
        assertEquals("crossing_fins_unacknowledged", lines.get(0).get("server_state_evidence"));
    }

    @Test
    void shouldMarkUncertainStatesInTheTableWithALegend()
    {
        final String out = run("analyze", CRAFTED.resolve("close-passive-fin-unacked.pcap").toString());
        assertTrue(out.contains("      1 FIN_WAIT_2  (1?)          1 LAST_ACK\n"), out);
        assertTrue(out.contains("  FIN_WAIT_2?   LAST_ACK  "), out);
        assertTrue(out.contains("\n? 1 endpoint state is uncertain: the wire leaves other states possible "
            + "(--format jsonl lists them in client_state_alternatives and server_state_alternatives, with the "
            + "evidence; docs/state-model.md explains each)\n"), out);
    }

    @Test
    void shouldLeaveDecidedCapturesAsBefore()
    {
        final String out = run("analyze", CRAFTED.resolve("close-client-first.pcap").toString(), "--all");
        assertTrue(!out.contains("?"), out);
        assertTrue(out.contains("      1 TIME_WAIT            1 CLOSED\n"), out);
    }

    private static List<Map<String, Object>> jsonl(final String capture) throws Exception
    {
        final List<Map<String, Object>> nodes = new ArrayList<>();
        for (final String line : run("analyze", "--format", "jsonl", CRAFTED.resolve(capture).toString()).split("\n"))
        {
            nodes.add(JsonlReportWriterTest.parseLine(line));
        }
        return nodes;
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        WirestatCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return out.toString(StandardCharsets.UTF_8);
    }
}
