package io.wirestat.capture.report.prometheus;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.AlertKind;
import io.wirestat.tracker.detect.Severity;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * wirestat's metrics in Prometheus's text format, one home for {@code live --metrics} (served on {@code /metrics})
 * and {@code analyze --metrics-file} (node_exporter's textfile collector): the same families, names and labels for
 * both, so that one set of recording rules and one dashboard read either. Every label's values come from a fixed
 * set (sides, states, alert kinds and severities, counter names) except {@code service}, which is cut to
 * {@link MetricsSettings#topServices()} values plus {@code other}: the number of series is bounded whatever the
 * traffic, never one per connection. The families are listed in {@code docs/fleet.md}.
 * Stateless; thread safe.
 */
public final class WirestatMetrics
{
    /** The states given per-service series: the two that pile up and hurt. */
    private static final byte[] SERVICE_STATES = {TcpState.CLOSE_WAIT, TcpState.TIME_WAIT};

    /** Counter names written as {@code wirestat_dropped_packets_total{where}}, with their label value. */
    private static final Map<String, String> DROPS = new LinkedHashMap<>();
    /** Counter names written as {@code wirestat_tracker_evictions_total{reason}}. */
    private static final Map<String, String> EVICTIONS = new LinkedHashMap<>();
    /** Counter names with a family of their own: name, then (family, help). */
    private static final Map<String, String[]> OWN_FAMILY = new LinkedHashMap<>();

    static
    {
        DROPS.put("pcap_dropped", "pcap_kernel");
        DROPS.put("pcap_if_dropped", "pcap_interface");
        DROPS.put("ring_overflow", "ring_overflow");
        DROPS.put("table_full_drops", "table_full");
        DROPS.put("tracker_failures", "tracker_failure");
        EVICTIONS.put("evicted_finished", "finished");
        EVICTIONS.put("evicted_half_open", "half_open");
        OWN_FAMILY.put("frames", new String[]{"wirestat_packets_total",
            "Packets read: handed over by libpcap (live) or read from the capture files (analyze)"});
        OWN_FAMILY.put("filtered_out", new String[]{"wirestat_filtered_packets_total",
            "Packets rejected by the -f filter in user space (analyze; live filters in the kernel)"});
        OWN_FAMILY.put("tcp_segments", new String[]{"wirestat_tcp_segments_total",
            "TCP segments decoded from the packets"});
        OWN_FAMILY.put("tracked_segments", new String[]{"wirestat_tracked_segments_total",
            "TCP segments the tracker shards applied (live: tcp_segments minus ring_overflow)"});
        OWN_FAMILY.put("pcap_received", new String[]{"wirestat_pcap_received_packets_total",
            "libpcap's ps_recv: packets that passed the kernel filter (on lo each packet counts twice)"});
        OWN_FAMILY.put("connections", new String[]{"wirestat_tracked_connections_total",
            "Connection records created (new handshakes, port reuses, mid-stream pickups)"});
        OWN_FAMILY.put("write_errors", new String[]{"wirestat_pcap_write_errors_total",
            "Packets that could not be written to the -w file"});
    }

    private WirestatMetrics()
    {
    }

    /**
     * @param input    what to expose.
     * @param settings the cardinality bound, version and port range.
     * @return the exposition, Prometheus text format 0.0.4.
     */
    public static String write(final MetricsInput input, final MetricsSettings settings)
    {
        final PrometheusTextWriter out = new PrometheusTextWriter();
        out.family("wirestat_build_info", "gauge", "wirestat's version and the JVM running it; always 1")
            .sample(1, "version", settings.version(), "java_version", System.getProperty("java.version"));
        connections(out, input);
        services(out, input, settings.topServices());
        alerts(out, input);
        out.family("wirestat_ephemeral_ports", "gauge",
            "Size of the ephemeral port range the TIME_WAIT detector measures against (--port-range)")
            .sample(settings.ephemeralPorts());
        if (input.asOfNanos() != Long.MIN_VALUE)
        {
            out.family("wirestat_snapshot_timestamp_seconds", "gauge",
                "When the states hold: the refresh (live, wall clock) or the last frame (analyze, packet time)")
                .sample(input.asOfNanos() / 1e9);
        }
        if (input.inputFaults() >= 0)
        {
            out.family("wirestat_input_faults", "gauge",
                "Faults in the capture files (truncated or corrupt records); the analysis covers what came before")
                .sample(input.inputFaults());
        }
        counters(out, input.counters());
        return out.text();
    }

    private static void connections(final PrometheusTextWriter out, final MetricsInput input)
    {
        final long[] client = new long[TcpState.COUNT];
        final long[] server = new long[TcpState.COUNT];
        for (final ConnectionRecord r : input.connections())
        {
            client[r.clientState()]++;
            server[r.serverState()]++;
        }
        out.family("wirestat_connections", "gauge",
            "Connections whose client or server side is in each inferred TCP state (closed ones included)");
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            out.sample(client[state], "side", "client", "state", TcpState.name(state));
        }
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            out.sample(server[state], "side", "server", "state", TcpState.name(state));
        }
    }

    private static void services(final PrometheusTextWriter out, final MetricsInput input, final int limit)
    {
        out.family("wirestat_service_connections", "gauge",
            "Connections to a service (server ip:port) with a side in CLOSE_WAIT or TIME_WAIT: the top "
                + "--metrics-top-services services of each state, the rest summed as service=\"other\"");
        for (final byte state : SERVICE_STATES)
        {
            final ServiceCounts counts = ServiceCounts.of(input.connections(), state, limit);
            final String name = TcpState.name(state);
            for (final ServiceCounts.Row row : counts.top())
            {
                out.sample(row.client(), "service", row.service(), "side", "client", "state", name);
                out.sample(row.server(), "service", row.service(), "side", "server", "state", name);
            }
            out.sample(counts.other().client(), "service", ServiceCounts.OTHER, "side", "client", "state", name);
            out.sample(counts.other().server(), "service", ServiceCounts.OTHER, "side", "server", "state", name);
        }
    }

    /** Every kind and severity, zero when none: series that exist all the time are easier to alert on. */
    private static void alerts(final PrometheusTextWriter out, final MetricsInput input)
    {
        final Map<String, long[]> byKind = new LinkedHashMap<>();
        for (final String kind : AlertKind.ALL)
        {
            byKind.put(kind, new long[Severity.values().length]);
        }
        for (final Alert a : input.alerts())
        {
            byKind.computeIfAbsent(a.kind(), k -> new long[Severity.values().length])[a.severity().ordinal()]++;
        }
        out.family("wirestat_alerts", "gauge",
            "Alerts the detectors raise now, by kind and severity (one per stuck endpoint or flow)");
        byKind.forEach((kind, counts) ->
        {
            for (final Severity severity : Severity.values())
            {
                out.sample(counts[severity.ordinal()], "kind", kind, "severity", severity.label());
            }
        });
    }

    /** Each counter goes to exactly one family; names not known here still show, as tracker events. */
    private static void counters(final PrometheusTextWriter out, final Map<String, Long> counters)
    {
        for (final Map.Entry<String, String[]> own : OWN_FAMILY.entrySet())
        {
            final Long value = counters.get(own.getKey());
            if (value != null)
            {
                out.family(own.getValue()[0], "counter", own.getValue()[1]).sample(value);
            }
        }
        labelled(out, counters, "wirestat_skipped_packets_total",
            "Packets read but not tracked as TCP, by reason (not IP, fragment, truncated, ...)", "reason",
            skipped(counters));
        labelled(out, counters, "wirestat_dropped_packets_total",
            "Packets or segments lost before tracking: pcap_kernel (kernel buffer full, raise -B), pcap_interface "
                + "(interface or driver), ring_overflow (wirestat's ring full), table_full (flow table full of "
                + "active connections), tracker_failure (tracking threw)", "where", DROPS);
        labelled(out, counters, "wirestat_tracker_evictions_total",
            "Connection records evicted to make room in a full flow table, by the evicted record's kind",
            "reason", EVICTIONS);
        final Map<String, String> events = new LinkedHashMap<>();
        for (final String name : counters.keySet())
        {
            if (!OWN_FAMILY.containsKey(name) && !DROPS.containsKey(name) && !EVICTIONS.containsKey(name)
                && !name.startsWith("skipped_"))
            {
                events.put(name, name);
            }
        }
        labelled(out, counters, "wirestat_tracker_events_total",
            "Segments and records the tracker counted, by event (retransmits, keepalives, port_reuses, ...)",
            "event", events);
    }

    private static Map<String, String> skipped(final Map<String, Long> counters)
    {
        final Map<String, String> skipped = new LinkedHashMap<>();
        for (final String name : counters.keySet())
        {
            if (name.startsWith("skipped_"))
            {
                skipped.put(name, name.substring("skipped_".length()));
            }
        }
        return skipped;
    }

    /** One family of the counters named in {@code labelValues} that are present; none present, no family. */
    private static void labelled(
        final PrometheusTextWriter out, final Map<String, Long> counters, final String family, final String help,
        final String label, final Map<String, String> labelValues)
    {
        final Set<String> present = new LinkedHashSet<>();
        for (final String name : labelValues.keySet())
        {
            if (counters.containsKey(name))
            {
                present.add(name);
            }
        }
        if (present.isEmpty())
        {
            return;
        }
        out.family(family, "counter", help);
        for (final String name : present)
        {
            out.sample(counters.get(name), label, labelValues.get(name));
        }
    }
}
