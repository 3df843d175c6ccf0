package io.wirestat.capture.live;

import io.wirestat.capture.report.prometheus.Promtool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fleet, with the real servers: a real Prometheus (the Debian package) scrapes two {@code wirestat live}
 * processes on loopback, two "hosts" told apart by their {@code instance} label ({@code host-a} sees the clients
 * bound to 127.0.0.2, {@code host-b} those bound to 127.0.0.3), and evaluates the shipped
 * {@code deploy/prometheus/wirestat.rules.yml} (only its {@code for:} durations shortened, in a test copy). The test
 * makes real sockets to two services on 127.0.0.1: one that never closes what its clients close (CLOSE_WAIT on the
 * server, FIN_WAIT_2 on the client) and one that closes after its clients (TIME_WAIT on the client), then asserts
 * through Prometheus's HTTP query API that the recording rules sum both hosts per state and per service, that the
 * stuck-CLOSE_WAIT alert goes pending then firing, and that every query of {@code deploy/grafana/wirestat.json} is
 * valid PromQL with data. {@code promtool check metrics} runs on a real scrape.
 * <p>
 * Needs root (CAP_NET_RAW) for the capture, like the other live tests; skips without prometheus, except on CI where
 * {@code .ci/run} installs it. Waits poll with deadlines; everything started is stopped in {@link #stopAll()}.
 * With {@code -Dwirestat.fleet.screenshot=FILE.png} it also saves headless Chromium's picture of Prometheus's graph
 * page (how {@code docs/fleet-prometheus.png} was made).
 */
class FleetPrometheusTest
{
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration DATA_DEADLINE = Duration.ofSeconds(45);
    private static final int HOST_A_CLOSE_WAIT = 3;
    private static final int HOST_A_TIME_WAIT = 2;
    private static final int HOST_B_CLOSE_WAIT = 2;
    private static final int HOST_B_TIME_WAIT = 4;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int prometheusPort;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldSumBothHostsPerStateAndServiceAndFireStuckCloseWait() throws Exception
    {
        LiveTestSupport.assumeRoot();
        final Path prometheus = Promtool.require("prometheus");
        final Path root = Promtool.repositoryRoot();
        try (ServerSocket leaky = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket closing = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")))
        {
            final String leakyService = "127.0.0.1:" + leaky.getLocalPort();
            final String closingService = "127.0.0.1:" + closing.getLocalPort();
            final String ports = "(port " + leaky.getLocalPort() + " or port " + closing.getLocalPort() + ")";
            final int portA = freePort();
            final int portB = freePort();
            startLive("host-a", "tcp and host 127.0.0.2 and " + ports, portA);
            startLive("host-b", "tcp and host 127.0.0.3 and " + ports, portB);
            startPrometheus(prometheus, root, portA, portB);

            connect("127.0.0.2", leaky, closing, HOST_A_CLOSE_WAIT, HOST_A_TIME_WAIT);
            connect("127.0.0.3", leaky, closing, HOST_B_CLOSE_WAIT, HOST_B_TIME_WAIT);

            // Each host's own view, as scraped.
            awaitValue("wirestat_connections{instance=\"host-a\",side=\"server\",state=\"CLOSE_WAIT\"}",
                HOST_A_CLOSE_WAIT);
            awaitValue("wirestat_connections{instance=\"host-b\",side=\"server\",state=\"CLOSE_WAIT\"}",
                HOST_B_CLOSE_WAIT);
            // The recording rules: fleet totals per state and side, per service across hosts.
            final int closeWait = HOST_A_CLOSE_WAIT + HOST_B_CLOSE_WAIT;
            final int timeWait = HOST_A_TIME_WAIT + HOST_B_TIME_WAIT;
            awaitValue("side_state:wirestat_connections:sum{side=\"server\",state=\"CLOSE_WAIT\"}", closeWait);
            awaitValue("side_state:wirestat_connections:sum{side=\"client\",state=\"FIN_WAIT_2\"}", closeWait);
            awaitValue("side_state:wirestat_connections:sum{side=\"client\",state=\"TIME_WAIT\"}", timeWait);
            awaitValue("service_side_state:wirestat_service_connections:sum{service=\"" + leakyService
                + "\",side=\"server\",state=\"CLOSE_WAIT\"}", closeWait);
            awaitValue("service_side_state:wirestat_service_connections:sum{service=\"" + closingService
                + "\",side=\"client\",state=\"TIME_WAIT\"}", timeWait);
            awaitValue("service:wirestat_close_wait_hosts:count{service=\"" + leakyService + "\"}", 2);
            assertEquals(2.0, query("sum(up{job=\"wirestat\"})"), "both hosts scraped");

            // The alerting rule: pending first (for: not yet over), then firing, with the fleet's count.
            final String alert = "ALERTS{alertname=\"WirestatStuckCloseWait\",service=\"" + leakyService + "\"";
            await(DATA_DEADLINE, () -> query("count(" + alert + ",alertstate=\"pending\"})") == 1.0,
                "WirestatStuckCloseWait pending");
            await(DATA_DEADLINE, () -> query("count(" + alert + ",alertstate=\"firing\"})") == 1.0,
                "WirestatStuckCloseWait firing");
            assertTrue(alerts().contains("\"summary\":\"" + leakyService + " holds " + closeWait
                + " connections in CLOSE_WAIT across the fleet\""), alerts());

            assertDashboardQueriesWork(root);
            final String scrape = get("http://127.0.0.1:" + portA + "/metrics");
            final Promtool.Result lint = Promtool.checkMetrics(scrape);
            assertEquals(0, lint.exit(), "promtool check metrics on a real scrape: " + lint.output() + scrape);

            final String screenshot = System.getProperty("wirestat.fleet.screenshot");
            if (screenshot != null)
            {
                screenshot(Path.of(screenshot).toAbsolutePath());
            }
        }
    }

    @AfterEach
    void stopAll() throws InterruptedException, IOException
    {
        for (final Process p : processes)
        {
            p.destroy(); // SIGTERM: wirestat prints its report and exits 0; Prometheus shuts down cleanly
        }
        for (final Process p : processes)
        {
            if (!p.waitFor(20, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (final Socket s : sockets)
        {
            s.close();
        }
    }

    /** {@code closeWait} connections the leaky service never closes, {@code timeWait} the client closes first. */
    private void connect(
        final String clientAddress, final ServerSocket leaky, final ServerSocket closing, final int closeWait,
        final int timeWait) throws IOException
    {
        for (int i = 0; i < closeWait; i++)
        {
            final Socket client = bound(clientAddress);
            client.connect(leaky.getLocalSocketAddress(), 2_000);
            sockets.add(leaky.accept()); // held open until the end: CLOSE_WAIT once the client closes
            client.close();
        }
        for (int i = 0; i < timeWait; i++)
        {
            final Socket client = bound(clientAddress);
            client.connect(closing.getLocalSocketAddress(), 2_000);
            try (Socket accepted = closing.accept())
            {
                client.close(); // the client closes first: it ends in TIME_WAIT
                accepted.setSoTimeout(5_000);
                assertEquals(-1, accepted.getInputStream().read(), "end of file after the client's FIN");
            }
        }
    }

    private static Socket bound(final String address) throws IOException
    {
        final Socket socket = new Socket();
        socket.bind(new InetSocketAddress(address, 0));
        return socket;
    }

    private void startLive(final String name, final String filter, final int metricsPort) throws Exception
    {
        final Path err = dir.resolve(name + ".err");
        final Process p = new ProcessBuilder(LiveTestSupport.javaCommand(System.getProperty("java.class.path"),
            "live", "-i", "lo", "-f", filter, "--format", "jsonl", "--interval", "200ms", "--duration", "5m",
            "--time-wait", "5m", "--metrics", "127.0.0.1:" + metricsPort))
            .redirectOutput(dir.resolve(name + ".jsonl").toFile()).redirectError(err.toFile()).start();
        processes.add(p);
        await(START_DEADLINE, () -> read(err).contains("capturing on lo") || !p.isAlive(), name + " capturing");
        assertTrue(p.isAlive(), name + " exited: " + read(err));
    }

    private void startPrometheus(final Path binary, final Path root, final int portA, final int portB)
        throws Exception
    {
        // The shipped rules, with only the for: durations shortened so that pending turns to firing in seconds.
        final String rules = Files.readString(root.resolve("deploy/prometheus/wirestat.rules.yml"))
            .replaceAll("(?m)^(\\s+)for: \\d+[smh]$", "$1for: 4s");
        Files.writeString(dir.resolve("wirestat.rules.yml"), rules);
        Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files: [wirestat.rules.yml]",
            "scrape_configs:",
            "  - job_name: wirestat",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + portA + "']",
            "        labels: {instance: host-a}",
            "      - targets: ['127.0.0.1:" + portB + "']",
            "        labels: {instance: host-b}",
            ""));
        final Promtool.Result check = Promtool.run(dir, Promtool.require("promtool").toString(), "check", "config",
            "prometheus.yml");
        assertEquals(0, check.exit(), check.output());
        prometheusPort = freePort();
        final Path log = dir.resolve("prometheus.log");
        final Process p = new ProcessBuilder(binary.toString(), "--config.file=prometheus.yml",
            "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
            "--log.level=warn").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        processes.add(p);
        await(START_DEADLINE, () -> !p.isAlive() || get("http://127.0.0.1:" + prometheusPort + "/-/ready")
            .contains("Ready"), "prometheus ready");
        assertTrue(p.isAlive(), "prometheus exited: " + read(log));
    }

    /** Every panel's query, with the dashboard's variables filled in, runs without error and finds series. */
    private void assertDashboardQueriesWork(final Path root) throws IOException
    {
        final String dashboard = Files.readString(root.resolve("deploy/grafana/wirestat.json"));
        final Matcher m = Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(dashboard);
        int queries = 0;
        while (m.find())
        {
            final String expr = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\")
                .replace("$__rate_interval", "1m").replace("$__range", "5m")
                .replace("$job", "wirestat").replace("$instance", ".*").replace("$topk", "10");
            final String answer = get(api("query", expr));
            assertTrue(answer.contains("\"status\":\"success\""), expr + ": " + answer);
            queries++;
        }
        assertTrue(queries >= 6, "the dashboard's queries: " + queries);
    }

    private void screenshot(final Path png) throws Exception
    {
        // A graph worth looking at: wait for 45 s of samples, polling.
        await(Duration.ofSeconds(120), () -> query("count_over_time("
            + "side_state:wirestat_connections:sum{side=\"server\",state=\"CLOSE_WAIT\"}[5m])") >= 45, "45 samples");
        final String fleet = "side_state:wirestat_connections:sum{state=~\"CLOSE_WAIT|TIME_WAIT\"} > 0";
        final String hosts =
            "sum by (instance, side, state) (wirestat_connections{state=~\"CLOSE_WAIT|TIME_WAIT\"}) > 0";
        chromium(png, "/classic/graph?g0.expr=" + URLEncoder.encode(fleet, StandardCharsets.UTF_8)
            + "&g0.tab=0&g0.stacked=0&g0.show_exemplars=0&g0.range_input=2m&g1.expr="
            + URLEncoder.encode(hosts, StandardCharsets.UTF_8)
            + "&g1.tab=0&g1.stacked=0&g1.show_exemplars=0&g1.range_input=2m", 1700);
        final String name = png.getFileName().toString().replace(".png", "-alerts.png");
        chromium(png.resolveSibling(name), "/classic/alerts", 900); // Debian builds the classic UI only
    }

    private void chromium(final Path png, final String page, final int height) throws Exception
    {
        final Process chromium = new ProcessBuilder(Promtool.require("chromium").toString(), "--headless",
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"),
            "--window-size=1400," + height, "--hide-scrollbars", "--virtual-time-budget=15000",
            "--screenshot=" + png, "http://127.0.0.1:" + prometheusPort + page)
            .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        processes.add(chromium);
        assertTrue(chromium.waitFor(120, TimeUnit.SECONDS), "chromium ended");
        assertTrue(Files.size(png) > 10_000, "screenshot written: " + read(dir.resolve("chromium.log")));
    }

    private void awaitValue(final String expr, final double expected)
    {
        await(DATA_DEADLINE, () -> query(expr) == expected,
            () -> expr + " == " + expected + " (now: " + query(expr) + ")");
    }

    private static void await(final Duration deadline, final BooleanSupplier condition, final String what)
    {
        await(deadline, condition, () -> what);
    }

    private static void await(final Duration deadline, final BooleanSupplier condition, final Supplier<String> what)
    {
        final long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - end > 0)
            {
                fail("not within " + deadline.toSeconds() + " s: " + what.get());
            }
            try
            {
                Thread.sleep(100); // the poll's period, not a wait for something to happen
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what.get());
            }
        }
    }

    /** @return the one value of an instant query (NaN when it has no or several series). */
    private double query(final String expr)
    {
        final String answer = get(api("query", "scalar(" + expr + ")"));
        final Matcher m = Pattern.compile("\"result\":\\[[0-9.]+,\"([^\"]+)\"\\]").matcher(answer);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private String alerts()
    {
        return get("http://127.0.0.1:" + prometheusPort + "/api/v1/alerts");
    }

    private String api(final String endpoint, final String expr)
    {
        return "http://127.0.0.1:" + prometheusPort + "/api/v1/" + endpoint + "?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8);
    }

    private String get(final String url)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final IOException ex)
        {
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            return probe.getLocalPort();
        }
    }
}
