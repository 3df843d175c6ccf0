package io.wirestat.capture.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.FileFault;
import io.wirestat.capture.file.CaptureFault;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.wirestat.capture.cli.RecordBuilder.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonlReportWriterTest
{
    private static final JsonFactory JSON = new JsonFactory();

    private final ConnectionRecord established = connection()
        .client("10.0.0.1", 40_000).server("10.0.0.2", 80).history("ShADad").build();
    private final ConnectionRecord v6Vlan = connection()
        .client("fd00::1", 50_000).server("2001:db8::2", 443).vlan(42).partial(true)
        .states(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT)
        .seen(RecordBuilder.T0 + 123_456_789L, RecordBuilder.T0 + 2_000_000_999L).build();
    private final ConnectionRecord closed = connection()
        .client("10.0.0.3", 40_002).server("10.0.0.2", 80).states(TcpState.CLOSED, TcpState.CLOSED).build();

    @Test
    void shouldWriteOneParsableObjectPerLineEndingWithTheSummary() throws IOException
    {
        final List<Map<String, Object>> objects = render(List.of(established, v6Vlan, closed), ConnectionFilter.ALL);
        assertEquals(4, objects.size());
        assertEquals("connection", objects.get(0).get("type"));
        assertEquals("connection", objects.get(1).get("type"));
        assertEquals("connection", objects.get(2).get("type"));
        assertEquals("summary", objects.get(3).get("type"));
    }

    @Test
    void shouldWriteEveryConnectionFieldWithItsType() throws IOException
    {
        final Map<String, Object> c = render(List.of(established), ConnectionFilter.ALL).get(0);
        assertEquals("10.0.0.1:40000", c.get("client"));
        assertEquals("10.0.0.2:80", c.get("server"));
        assertFalse(c.containsKey("vlan"), "vlan 0 is left out");
        assertEquals("ESTABLISHED", c.get("client_state"));
        assertEquals("ESTABLISHED", c.get("server_state"));
        assertEquals(new BigDecimal("1714564800.000000"), c.get("first_seen"));
        assertEquals(new BigDecimal("1714564801.500000"), c.get("last_seen"));
        assertEquals("ShADad", c.get("history"));
        assertEquals(Boolean.FALSE, c.get("partial"));
        assertEquals(5L, c.get("client_packets"));
        assertEquals(4L, c.get("server_packets"));
        assertEquals(120L, c.get("client_bytes"));
        assertEquals(4096L, c.get("server_bytes"));
        assertEquals(320L, c.get("client_ip_bytes"));
        assertEquals(4256L, c.get("server_ip_bytes"));
        assertEquals(1L, c.get("syn_retransmits"));
        assertEquals(2L, c.get("client_retransmits"));
        assertEquals(3L, c.get("server_retransmits"));
        assertEquals(new BigDecimal("1714564800.000001"), c.get("client_state_since"));
        assertEquals(new BigDecimal("1714564801.499999"), c.get("server_state_since"));
    }

    @Test
    void shouldWriteIpv6InBracketsVlanAndMicrosecondTimestamps() throws IOException
    {
        final Map<String, Object> c = render(List.of(v6Vlan), ConnectionFilter.ALL).get(0);
        assertEquals("[fd00::1]:50000", c.get("client"));
        assertEquals("[2001:db8::2]:443", c.get("server"));
        assertEquals(42L, c.get("vlan"));
        assertEquals(Boolean.TRUE, c.get("partial"));
        assertEquals("FIN_WAIT_2", c.get("client_state"));
        assertEquals("CLOSE_WAIT", c.get("server_state"));
        assertEquals(new BigDecimal("1714564800.123456"), c.get("first_seen"), "truncated to microseconds");
        assertEquals(new BigDecimal("1714564802.000000"), c.get("last_seen"));
    }

    @Test
    void shouldWriteTimestampsAsPlainNumbersWithSixDecimals() throws IOException
    {
        final StringWriter text = new StringWriter();
        new JsonlReportWriter(text, ConnectionFilter.ALL).write(RecordBuilder.report(List.of(v6Vlan), List.of()),
            List.of(Path.of("a.pcap")));
        assertTrue(text.toString().contains("\"first_seen\":1714564800.123456,\"last_seen\":1714564802.000000,"),
            text.toString());
        assertTrue(text.toString().startsWith("{\"type\":\"connection\",\"client\":\"[fd00::1]:50000\","),
            text.toString());
    }

    @Test
    void shouldIncludeClosedConnectionsButApplyTheFilter() throws IOException
    {
        final List<Map<String, Object>> all = render(List.of(established, v6Vlan, closed), ConnectionFilter.ALL);
        assertEquals("10.0.0.3:40002", all.get(2).get("client"));
        final ConnectionFilter v6Only = new ConnectionFilter(null, Side.BOTH, -1, AddressPrefix.parse("fd00::/8"));
        final List<Map<String, Object>> filtered = render(List.of(established, v6Vlan, closed), v6Only);
        assertEquals(2, filtered.size());
        assertEquals("[fd00::1]:50000", filtered.get(0).get("client"));
        assertEquals(1L, filtered.get(1).get("connections"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldSummariseFilesSpanStatesCountersAndFaults() throws IOException
    {
        final List<FileFault> faults = List.of(
            new FileFault(Path.of("b.pcapng"),
                new CaptureFault(4_096, "truncated pcap record: 12 bytes (expected: 16)")));
        final AnalysisReport report = RecordBuilder.report(List.of(established, v6Vlan, closed), faults);
        final List<Map<String, Object>> objects = render(report, ConnectionFilter.ALL);
        final Map<String, Object> summary = objects.get(objects.size() - 1);
        assertEquals(List.of("a.pcap", "b.pcapng"), summary.get("files"));
        assertEquals(new BigDecimal("1714564800.000000"), summary.get("first_seen"));
        assertEquals(new BigDecimal("1714564890.123456"), summary.get("last_seen"));
        assertEquals(3L, summary.get("connections"));

        final Map<String, Object> clientStates = (Map<String, Object>)summary.get("client_states");
        final Map<String, Object> serverStates = (Map<String, Object>)summary.get("server_states");
        assertEquals(TcpState.COUNT, clientStates.size());
        assertEquals(TcpState.COUNT, serverStates.size());
        assertEquals(1L, clientStates.get("ESTABLISHED"));
        assertEquals(1L, clientStates.get("FIN_WAIT_2"));
        assertEquals(1L, clientStates.get("CLOSED"));
        assertEquals(0L, clientStates.get("LISTEN"));
        assertEquals(1L, serverStates.get("CLOSE_WAIT"));

        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");
        assertEquals(List.copyOf(RecordBuilder.counters().keySet()), List.copyOf(counters.keySet()));
        assertEquals(1_234L, counters.get("frames"));

        final List<Object> faultList = (List<Object>)summary.get("faults");
        assertEquals(1, faultList.size());
        final Map<String, Object> fault = (Map<String, Object>)faultList.get(0);
        assertEquals("b.pcapng", fault.get("file"));
        assertEquals(4_096L, fault.get("offset"));
        assertEquals("truncated pcap record: 12 bytes (expected: 16)", fault.get("message"));
    }

    @Test
    void shouldWriteNullTimestampsForAnEmptyCapture() throws IOException
    {
        final AnalysisReport empty = new AnalysisReport(
            Collections.emptyList(), Map.of(), Collections.emptyList(), Long.MIN_VALUE, Long.MIN_VALUE);
        final List<Map<String, Object>> objects = render(empty, ConnectionFilter.ALL);
        assertEquals(1, objects.size());
        final Map<String, Object> summary = objects.get(0);
        assertTrue(summary.containsKey("first_seen"));
        assertNull(summary.get("first_seen"));
        assertNull(summary.get("last_seen"));
        assertEquals(0L, summary.get("connections"));
        assertEquals(List.of(), summary.get("faults"));
    }

    private static List<Map<String, Object>> render(final List<ConnectionRecord> records,
        final ConnectionFilter filter) throws IOException
    {
        return render(RecordBuilder.report(records, List.of()), filter);
    }

    private static List<Map<String, Object>> render(final AnalysisReport report, final ConnectionFilter filter)
        throws IOException
    {
        final StringWriter text = new StringWriter();
        new JsonlReportWriter(text, filter).write(report, List.of(Path.of("a.pcap"), Path.of("b.pcapng")));
        final String jsonl = text.toString();
        assertTrue(jsonl.endsWith("\n"), "the last line ends with a newline");
        final List<Map<String, Object>> objects = new ArrayList<>();
        for (final String line : jsonl.substring(0, jsonl.length() - 1).split("\n", -1))
        {
            objects.add(parseLine(line));
        }
        return objects;
    }

    /** Parses one line as exactly one JSON object: numbers with a fraction as BigDecimal, integers as Long. */
    static Map<String, Object> parseLine(final String line) throws IOException
    {
        try (JsonParser parser = JSON.createParser(line))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), line);
            final Object value = readValue(parser);
            assertNull(parser.nextToken(), "one object per line: " + line);
            assertInstanceOf(Map.class, value);
            @SuppressWarnings("unchecked") final Map<String, Object> map = (Map<String, Object>)value;
            return map;
        }
    }

    private static Object readValue(final JsonParser parser) throws IOException
    {
        switch (parser.currentToken())
        {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    parser.nextToken();
                    assertFalse(map.containsKey(name), "duplicate field " + name);
                    map.put(name, readValue(parser));
                }
                return map;
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    list.add(readValue(parser));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected token " + parser.currentToken());
        }
    }
}
