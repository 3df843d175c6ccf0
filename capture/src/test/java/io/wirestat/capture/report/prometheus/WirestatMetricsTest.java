package io.wirestat.capture.report.prometheus;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.AlertKind;
import io.wirestat.tracker.detect.Severity;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exposition's shape: per-side state gauges, the per-service cut to the top K with the rest summed as
 * {@code other} (so the series stay bounded and the sums stay right), alerts for every kind and severity, every
 * counter in exactly one family, and {@code promtool check metrics} clean.
 */
class WirestatMetricsTest
{
    private static final MetricsSettings TOP_3 = new MetricsSettings(3, "test", 28_232);

    @Test
    void shouldCutServicesToTheTopKAndSumTheRestAsOther()
    {
        // 20 services; service i has i connections with the server in CLOSE_WAIT: 1 + ... + 20 = 210.
        final List<ConnectionRecord> connections = new ArrayList<>();
        int clientPort = 40_000;
        for (int service = 1; service <= 20; service++)
        {
            for (int c = 0; c < service; c++)
            {
                connections.add(record(clientPort++, 8_000 + service, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT));
            }
        }
        connections.add(record(clientPort++, 8_001, TcpState.TIME_WAIT, TcpState.CLOSED));
        final String text = WirestatMetrics.write(input(connections, List.of(), Map.of()), TOP_3);

        final Map<String, Long> closeWait = samples(text, "wirestat_service_connections",
            "service=\"([^\"]+)\",side=\"server\",state=\"CLOSE_WAIT\"");
        assertEquals(Map.of("10.0.0.2:8020", 20L, "10.0.0.2:8019", 19L, "10.0.0.2:8018", 18L, "other", 153L),
            closeWait);
        assertEquals(210L, closeWait.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(Map.of("10.0.0.2:8001", 1L, "other", 0L), samples(text, "wirestat_service_connections",
            "service=\"([^\"]+)\",side=\"client\",state=\"TIME_WAIT\""));
        // The bound: (K + 1) services x 2 sides x 2 states at most.
        assertTrue(count(text, "wirestat_service_connections{") <= 4 * 2 * 2, text);
        assertTrue(text.contains("wirestat_connections{side=\"server\",state=\"CLOSE_WAIT\"} 210\n"), text);
        assertTrue(text.contains("wirestat_connections{side=\"client\",state=\"FIN_WAIT_2\"} 210\n"), text);
        assertTrue(text.contains("wirestat_connections{side=\"server\",state=\"CLOSED\"} 1\n"), text);
        assertEquals(2 * TcpState.COUNT, count(text, "wirestat_connections{"));
    }

    @Test
    void shouldCountAlertsByKindAndSeverityWithZerosForTheRest()
    {
        final List<Alert> alerts = List.of(
            alert(AlertKind.STUCK_CLOSE_WAIT, Severity.WARNING), alert(AlertKind.STUCK_CLOSE_WAIT, Severity.WARNING),
            alert(AlertKind.SYN_FLOOD, Severity.CRITICAL));
        final String text = WirestatMetrics.write(input(List.of(), alerts, Map.of()), TOP_3);
        assertTrue(text.contains("wirestat_alerts{kind=\"stuck_close_wait\",severity=\"warning\"} 2\n"), text);
        assertTrue(text.contains("wirestat_alerts{kind=\"syn_flood\",severity=\"critical\"} 1\n"), text);
        assertTrue(text.contains("wirestat_alerts{kind=\"syn_flood\",severity=\"warning\"} 0\n"), text);
        assertEquals(AlertKind.ALL.size() * Severity.values().length, count(text, "wirestat_alerts{"));
    }

    @Test
    void shouldPutEveryCounterInExactlyOneFamily()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("frames", 100L);
        counters.put("tcp_segments", 97L);
        counters.put("tracked_segments", 90L);
        counters.put("ring_overflow", 7L);
        counters.put("skipped_not_ip", 3L);
        counters.put("connections", 12L);
        counters.put("retransmits", 4L);
        counters.put("evicted_half_open", 2L);
        counters.put("table_full_drops", 1L);
        counters.put("pcap_received", 200L);
        counters.put("pcap_dropped", 5L);
        counters.put("pcap_if_dropped", 0L);
        counters.put("some_future_counter", 9L);
        final String text = WirestatMetrics.write(input(List.of(), List.of(), counters), TOP_3);
        for (final String line : List.of(
            "wirestat_packets_total 100", "wirestat_tcp_segments_total 97", "wirestat_tracked_segments_total 90",
            "wirestat_dropped_packets_total{where=\"ring_overflow\"} 7",
            "wirestat_dropped_packets_total{where=\"pcap_kernel\"} 5",
            "wirestat_dropped_packets_total{where=\"pcap_interface\"} 0",
            "wirestat_dropped_packets_total{where=\"table_full\"} 1",
            "wirestat_skipped_packets_total{reason=\"not_ip\"} 3", "wirestat_tracked_connections_total 12",
            "wirestat_tracker_events_total{event=\"retransmits\"} 4",
            "wirestat_tracker_events_total{event=\"some_future_counter\"} 9",
            "wirestat_tracker_evictions_total{reason=\"half_open\"} 2", "wirestat_pcap_received_packets_total 200"))
        {
            assertTrue(text.contains("\n" + line + "\n"), line + " in\n" + text);
        }
        final long samples = text.lines().filter(l -> l.matches("wirestat_[a-z_]+_total(\\{.*)? \\d+")).count();
        assertEquals(counters.size(), samples, text);
        assertFalse(text.contains("wirestat_input_faults"), "live has no input files: " + text);
    }

    @Test
    void shouldPassPromtoolCheckMetrics() throws Exception
    {
        final List<ConnectionRecord> connections = List.of(
            record(40_000, 9000, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT),
            record(40_001, 8080, TcpState.TIME_WAIT, TcpState.CLOSED));
        final String text = WirestatMetrics.write(new MetricsInput(connections,
            List.of(alert(AlertKind.STUCK_CLOSE_WAIT, Severity.WARNING)),
            Map.of("frames", 10L, "tcp_segments", 10L, "skipped_not_ip", 0L, "ring_overflow", 0L,
                "evicted_finished", 0L, "keepalives", 1L), 1_795_422_070_323_287_000L, 0), TOP_3);
        final Promtool.Result r = Promtool.checkMetrics(text);
        assertEquals(0, r.exit(), r.output() + "\n" + text);
        assertEquals("", r.output().trim(), "no lint findings");
    }

    private static MetricsInput input(
        final List<ConnectionRecord> connections, final List<Alert> alerts, final Map<String, Long> counters)
    {
        return new MetricsInput(connections, alerts, counters, Long.MIN_VALUE, -1);
    }

    private static ConnectionRecord record(
        final int clientPort, final int serverPort, final byte clientState, final byte serverState)
    {
        return new ConnectionRecord(Endpoint.parse("10.0.0.1", clientPort), Endpoint.parse("10.0.0.2", serverPort),
            0, clientState, serverState, 0, 0, 1, 1, 0, 0, 40, 40, "ShAF", false, 0, 0, 0, 0, 0);
    }

    private static Alert alert(final String kind, final Severity severity)
    {
        return new Alert(kind, severity, "10.0.0.2:9000", 1, 0, 0, Map.of(), List.of(), "m");
    }

    /** @return the value of each sample of {@code family} whose labels match, by the pattern's group 1. */
    private static Map<String, Long> samples(final String text, final String family, final String labels)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        final Matcher m = Pattern.compile("(?m)^" + family + "\\{" + labels + "\\} (\\d+)$").matcher(text);
        while (m.find())
        {
            values.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return values;
    }

    private static long count(final String text, final String prefix)
    {
        return text.lines().filter(l -> l.startsWith(prefix)).count();
    }
}
