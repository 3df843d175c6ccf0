package io.wirestat.capture.live;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serves Prometheus metrics ({@code --metrics HOST:PORT}, path {@code /metrics}) with the official Java client:
 * <ul>
 *   <li>{@code wirestat_connections{side, state}}: gauge, connections per state on each side;</li>
 *   <li>{@code wirestat_alerts{kind}}: gauge, current alerts by kind;</li>
 *   <li>{@code wirestat_packets_total}, {@code wirestat_tcp_segments_total}, {@code wirestat_tracked_segments_total}:
 *       counters;</li>
 *   <li>{@code wirestat_drops_total{where}}: {@code pcap_dropped} (kernel buffer full), {@code pcap_if_dropped}
 *       (interface), {@code ring_overflow} (our ring full); {@code wirestat_pcap_received_total};</li>
 *   <li>{@code wirestat_evictions_total{kind}}: records dropped from full flow tables.</li>
 * </ul>
 * Values come from the latest refresh (callbacks read it at scrape time): a scrape never touches the pipeline.
 * Own registry, not the default one, so several runs in one JVM (tests) do not clash.
 * Threading: {@link #update} from the refresh thread; callbacks on the HTTP server's threads; the latest refresh is
 * handed over through a volatile field.
 */
public final class LiveMetrics implements AutoCloseable
{
    private final HTTPServer server;
    private volatile LiveRefresh latest;

    private LiveMetrics(final String host, final int port) throws IOException
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder().name("wirestat_connections")
            .help("Connections per inferred TCP state, for each side (client, server)")
            .labelNames("side", "state")
            .callback(cb ->
            {
                final LiveRefresh r = latest;
                for (int state = 0; state < TcpState.COUNT; state++)
                {
                    cb.call(r == null ? 0 : r.clientStates()[state], "client", TcpState.name(state));
                    cb.call(r == null ? 0 : r.serverStates()[state], "server", TcpState.name(state));
                }
            })
            .register(registry);
        GaugeWithCallback.builder().name("wirestat_alerts").help("Current alerts by kind")
            .labelNames("kind")
            .callback(cb ->
            {
                final LiveRefresh r = latest;
                if (r != null)
                {
                    final Map<String, Integer> byKind = new TreeMap<>();
                    for (final Alert a : r.alerts())
                    {
                        byKind.merge(a.kind(), 1, Integer::sum);
                    }
                    byKind.forEach((kind, n) -> cb.call(n, kind));
                }
            })
            .register(registry);
        counter(registry, "wirestat_packets", "Packets libpcap handed to wirestat", s -> s.frames());
        counter(registry, "wirestat_tcp_segments", "TCP segments decoded", LiveStatus::tcpSegments);
        counter(registry, "wirestat_tracked_segments", "TCP segments tracked", LiveStatus::trackedSegments);
        counter(registry, "wirestat_pcap_received", "libpcap ps_recv", s -> s.pcap().received());
        CounterWithCallback.builder().name("wirestat_drops")
            .help("Packets lost before tracking: pcap_dropped (kernel buffer), pcap_if_dropped (interface), "
                + "ring_overflow (wirestat's ring full)")
            .labelNames("where")
            .callback(cb ->
            {
                final LiveRefresh r = latest;
                final LiveStatus s = r == null ? null : r.status();
                cb.call(s == null ? 0 : s.pcap().dropped(), "pcap_dropped");
                cb.call(s == null ? 0 : s.pcap().ifDropped(), "pcap_if_dropped");
                cb.call(s == null ? 0 : s.ringOverflow(), "ring_overflow");
            })
            .register(registry);
        CounterWithCallback.builder().name("wirestat_evictions")
            .help("Connection records dropped from full flow tables")
            .labelNames("kind")
            .callback(cb ->
            {
                final LiveRefresh r = latest;
                final long[] t = r == null ? null : r.status().trackerCounters();
                cb.call(t == null ? 0 : t[TrackerCounter.EVICTED_FINISHED], "finished");
                cb.call(t == null ? 0 : t[TrackerCounter.EVICTED_HALF_OPEN], "half_open");
                cb.call(t == null ? 0 : t[TrackerCounter.TABLE_FULL_DROPS], "table_full");
            })
            .register(registry);
        server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
    }

    /**
     * @param hostPort {@code HOST:PORT} ({@code [::1]:9100} for IPv6; port 0 picks a free one).
     * @return the running server.
     * @throws IOException if the address cannot be bound.
     */
    public static LiveMetrics start(final String hostPort) throws IOException
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("--metrics wants HOST:PORT, e.g. 127.0.0.1:9100: '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try
        {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--metrics: not a port in '" + hostPort + "'");
        }
        return new LiveMetrics(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    /** @return the port served (useful when 0 was asked). */
    public int port()
    {
        return server.getPort();
    }

    /**
     * @param refresh the newest refresh, served from now on.
     */
    public void update(final LiveRefresh refresh)
    {
        latest = refresh;
    }

    @Override
    public void close()
    {
        server.close();
    }

    private void counter(
        final PrometheusRegistry registry, final String name, final String help,
        final java.util.function.ToLongFunction<LiveStatus> value)
    {
        CounterWithCallback.builder().name(name).help(help)
            .callback(cb ->
            {
                final LiveRefresh r = latest;
                cb.call(r == null ? 0 : value.applyAsLong(r.status()));
            })
            .register(registry);
    }
}
