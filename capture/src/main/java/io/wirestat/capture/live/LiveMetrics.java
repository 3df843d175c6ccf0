package io.wirestat.capture.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wirestat.capture.report.prometheus.MetricsInput;
import io.wirestat.capture.report.prometheus.MetricsSettings;
import io.wirestat.capture.report.prometheus.PrometheusTextWriter;
import io.wirestat.capture.report.prometheus.WirestatMetrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves Prometheus metrics ({@code --metrics HOST:PORT}, path {@code /metrics}): the exposition
 * {@link WirestatMetrics} renders from the latest refresh (states per side, the top services' CLOSE_WAIT and
 * TIME_WAIT, alerts by kind and severity, packets, drops, evictions, build info; see {@code docs/fleet.md}).
 * <p>
 * The text is rendered once per refresh, on the refresh thread, and a scrape only copies the latest bytes out: a
 * scrape never touches the pipeline and costs the same however often it comes. The JDK's own HTTP server, one
 * daemon thread: Prometheus scrapes one request at a time per target.
 * Threading: {@link #update} from the refresh thread; requests on the server's thread; the latest exposition is
 * handed over through a volatile field.
 */
public final class LiveMetrics implements AutoCloseable
{
    private static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;
    private final MetricsSettings settings;
    private volatile byte[] latest;

    private LiveMetrics(final String host, final int port, final MetricsSettings settings) throws IOException
    {
        this.settings = settings;
        this.latest = render(new MetricsInput(List.of(), List.of(), Map.of(), Long.MIN_VALUE, -1));
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "wirestat-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param hostPort {@code HOST:PORT} ({@code [::1]:9100} for IPv6; port 0 picks a free one).
     * @param settings the services bound, version and port range of the exposition.
     * @return the running server.
     * @throws IOException if the address cannot be bound.
     */
    public static LiveMetrics start(final String hostPort, final MetricsSettings settings) throws IOException
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
        return new LiveMetrics(host.isEmpty() ? "0.0.0.0" : host, port, settings);
    }

    /** @return the port served (useful when 0 was asked). */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /**
     * @param refresh the newest refresh, served from now on.
     */
    public void update(final LiveRefresh refresh)
    {
        final LiveStatus s = refresh.status();
        latest = render(new MetricsInput(s.connections(), refresh.alerts(), s.counters(), s.asOfNanos(), -1));
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }

    private byte[] render(final MetricsInput input)
    {
        return WirestatMetrics.write(input, settings).getBytes(StandardCharsets.UTF_8);
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try
        {
            final String method = exchange.getRequestMethod();
            final boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            final byte[] body;
            final int status;
            if (PATH.equals(path))
            {
                body = latest;
                status = 200;
                exchange.getResponseHeaders().set("Content-Type", PrometheusTextWriter.CONTENT_TYPE);
            }
            else
            {
                body = ("wirestat live: the metrics are at " + PATH + "\n").getBytes(StandardCharsets.UTF_8);
                status = "/".equals(path) ? 200 : 404;
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            }
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head)
            {
                try (OutputStream out = exchange.getResponseBody())
                {
                    out.write(body);
                }
            }
        }
        finally
        {
            exchange.close();
        }
    }
}
