package io.wirestat.capture.live;

import io.wirestat.capture.cli.WirestatCli;
import io.wirestat.capture.report.prometheus.Promtool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --metrics}: while {@code wirestat live} runs, {@code GET /metrics} answers with per-state gauges for both
 * sides (a connection the test holds open is counted ESTABLISHED on each) and the drop counters, and
 * {@code promtool check metrics} finds nothing wrong with that real scrape.
 */
class LiveMetricsTest
{
    @Test
    void shouldServePerStateGaugesAndDropCounters() throws Exception
    {
        LiveTestSupport.assumeRoot();
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            port = probe.getLocalPort();
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int[] exit = {-1};
            final Thread live = new Thread(() -> exit[0] = WirestatCli.run(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "live", "-i", "lo", "-f", "tcp port " + server.getLocalPort(), "--duration", "4s",
                "--interval", "100ms", "--metrics", "127.0.0.1:" + port, "--format", "jsonl"));
            live.start();
            final String established = "wirestat_connections{side=\"server\",state=\"ESTABLISHED\"} 1\n";
            String body = "";
            // The capture is open before the first connection (polled, with a deadline).
            LiveFaultTest.await(() -> err.toString(StandardCharsets.UTF_8).contains("capturing on"),
                "capturing on lo: " + err);
            try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                 Socket accepted = server.accept())
            {
                client.getOutputStream().write('x');
                assertEquals('x', accepted.getInputStream().read());
                final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                // Polled every 50 ms while the capture runs: its --duration is the deadline.
                for (body = get(http, port); !body.contains(established) && live.isAlive(); body = get(http, port))
                {
                    Thread.sleep(50);
                }
            }
            live.join(15_000);
            assertTrue(body.contains(established), body);
            assertTrue(body.contains("wirestat_connections{side=\"client\",state=\"ESTABLISHED\"} 1\n"), body);
            assertTrue(body.contains("wirestat_dropped_packets_total{where=\"ring_overflow\"} 0\n"), body);
            assertTrue(body.contains("wirestat_dropped_packets_total{where=\"pcap_kernel\"}"), body);
            assertTrue(body.contains("wirestat_packets_total"), body);
            assertTrue(body.contains("wirestat_tracker_evictions_total{reason=\"finished\"}"), body);
            final Promtool.Result lint = Promtool.checkMetrics(body);
            assertEquals(0, lint.exit(), "promtool check metrics on a real scrape: " + lint.output());
            assertEquals(0, exit[0], err.toString());
            final String jsonl = out.toString(StandardCharsets.UTF_8);
            assertTrue(jsonl.contains("{\"type\":\"interval\",\"ts\":"), "periodic summaries: " + jsonl);
            assertTrue(jsonl.contains("\"files\":[\"lo (live)\"]"), "final summary: " + jsonl);
        }
    }

    private static String get(final HttpClient http, final int port) throws InterruptedException
    {
        try
        {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }
}
