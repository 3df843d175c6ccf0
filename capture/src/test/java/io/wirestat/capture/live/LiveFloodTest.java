package io.wirestat.capture.live;

import io.wirestat.capture.support.Prerequisites;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SYN flood from 300 000 distinct sources through {@code wirestat live --max-connections 100000} on a veth pair,
 * while a real connection (this JVM to a server in the namespace) stays open through it: the table stays at its
 * bound (every eviction counted, in the final summary and the Prometheus metrics), {@code syn_flood} fires, the process's peak RSS stays
 * within the heap the launcher would give it plus the JVM's own, and the real connection, ESTABLISHED before the
 * flood, is tracked correctly after it (half-closed: FIN_WAIT_2 / CLOSE_WAIT, as both kernels say).
 */
class LiveFloodTest
{
    private static final Pattern EVICTED_HALF_OPEN =
        Pattern.compile("wirestat_tracker_evictions_total\\{reason=\"half_open\"\\} ([0-9.E]+)");

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static String fetch(final String url)
    {
        try
        {
            return HTTP.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final java.io.IOException e)
        {
            return "";
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static final int FLOOD = 300_000;
    private static final int MAX_CONNECTIONS = 100_000;
    private static final String SERVER = String.join("\n",
        "import socket",
        "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "s.bind(('198.18.88.2', 8080)); s.listen(4)",
        "print('ready', flush=True)",
        "c, _ = s.accept(); c.recv(1); c.sendall(b'a')",
        "import time",
        "while True: time.sleep(1)",
        "");

    @Test
    void shouldStayBoundedCountEvictionsAndKeepTheRealConnection() throws Exception
    {
        LiveTestSupport.assumeRoot();
        Prerequisites.require(Files.isExecutable(Paths.get("/usr/bin/python3")), "python3 runs the namespace's server");
        try (VethPair veth = new VethPair("f"))
        {
            final Process server = new ProcessBuilder("ip", "netns", "exec", veth.netns, "python3", "-c", SERVER)
                .redirectErrorStream(true).start();
            Process live = null;
            try
            {
                assertEquals("ready", new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
                final long heap = HeapBudget.requiredBytes(MAX_CONNECTIONS, 1);
                final List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx" + (heap >> 20) + "m",
                    "-cp", System.getProperty("java.class.path"), "io.wirestat.capture.cli.WirestatCli",
                    "live", "-i", veth.near, "-f", "tcp", "--format", "jsonl", "--interval", "250ms",
                    "--max-connections", Integer.toString(MAX_CONNECTIONS), "--metrics", "127.0.0.1:0"));
                live = new ProcessBuilder(command).start();
                final StringBuilder out = new StringBuilder();
                final StringBuilder err = new StringBuilder();
                final Process p = live;
                new Thread(() -> read(p.getInputStream(), out)).start();
                new Thread(() -> read(p.getErrorStream(), err)).start();
                LiveFaultTest.await(() -> text(err).contains("capturing on"), "capturing");
                try (Socket real = new Socket())
                {
                    real.connect(new InetSocketAddress(InetAddress.getByName("198.18.88.2"), 8080), 3_000);
                    real.getOutputStream().write('K');
                    assertEquals('a', real.getInputStream().read());
                    veth.sendSyns(0, FLOOD, 8080);
                    LiveFaultTest.await(() -> frames(text(out)) >= FLOOD + 4, "the flood is read: " + err);
                    real.shutdownOutput();
                    LiveFaultTest.await(() -> text(out).contains("\"kind\":\"syn_flood\""), "syn_flood fires");
                    final Matcher served = Pattern.compile("serving metrics on (http://\\S+)").matcher(text(err));
                    assertTrue(served.find(), text(err));
                    // The metrics are the last refresh's snapshot, which may predate the shards' last segments
                    // (frames are counted by the reader): poll until a refresh has them all, with a deadline.
                    final String[] metrics = {""};
                    LiveFaultTest.await(() ->
                    {
                        metrics[0] = fetch(served.group(1));
                        final Matcher m = EVICTED_HALF_OPEN.matcher(metrics[0]);
                        return m.find() && Double.parseDouble(m.group(1)) >= FLOOD + 1 - MAX_CONNECTIONS;
                    }, "every eviction in the metrics");
                    assertTrue(EVICTED_HALF_OPEN.matcher(metrics[0]).find(), metrics[0]);
                    final long peakRss = peakRssKib(p.pid());
                    final String client = "198.18.88.1:" + real.getLocalPort();
                    // The kernels settle (the FIN's ACK) before they are compared with the final report.
                    LiveFaultTest.await(() -> kernel(null, client + " 198.18.88.2:8080") == TcpState.FIN_WAIT_2,
                        "the client's kernel in FIN_WAIT_2");
                    final Map<String, Byte> clientKernel = LiveTestSupport.ss(null);
                    final Map<String, Byte> serverKernel = LiveTestSupport.ss(veth.netns);
                    assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
                    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped: " + text(err));
                    assertEquals(0, p.exitValue(), text(err));
                    final String all = text(out);
                    final String summary = LiveFaultTest.lastLine(all);
                    System.out.printf("LiveFloodTest: %d SYNs, --max-connections %d, -Xmx%dm: peak RSS %d MiB; %s%n",
                        FLOOD, MAX_CONNECTIONS, heap >> 20, peakRss >> 10, summary.replaceAll(".*\"counters\"", ""));
                    final long connections = LiveFaultTest.counter(summary, "connections");
                    final long evicted = LiveFaultTest.counter(summary, "evicted_half_open")
                        + LiveFaultTest.counter(summary, "evicted_finished");
                    assertEquals(FLOOD + 1, connections, "every connection was seen: " + summary);
                    assertTrue(evicted >= FLOOD + 1 - MAX_CONNECTIONS, "evictions counted: " + summary);
                    assertEquals(0, LiveFaultTest.counter(summary, "table_full_drops"), summary);
                    assertEquals(0, LiveFaultTest.counter(summary, "pcap_dropped"), summary);
                    assertEquals(0, LiveFaultTest.counter(summary, "ring_overflow"), summary);
                    final String line = connectionLine(all, real.getLocalPort());
                    assertNotNull(line, "the real connection is still tracked");
                    assertEquals(state(clientKernel.get(client + " 198.18.88.2:8080")), field(line, "client_state"));
                    assertEquals(state(serverKernel.get("198.18.88.2:8080 " + client)), field(line, "server_state"));
                    assertEquals("FIN_WAIT_2", field(line, "client_state"), line);
                    assertEquals("CLOSE_WAIT", field(line, "server_state"), line);
                    // The heap the launcher gives this bound, plus the JVM's own (code, threads, the 32 MiB capture
                    // buffer): far below what 300 001 tracked connections would hold unbounded.
                    assertTrue(peakRss << 10 < heap + (512L << 20), "peak RSS " + (peakRss >> 10) + " MiB");
                }
            }
            finally
            {
                if (live != null)
                {
                    live.destroyForcibly();
                }
                server.destroyForcibly();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static byte kernel(final String netns, final String key)
    {
        try
        {
            final Byte state = LiveTestSupport.ss(netns).get(key);
            return state == null ? TcpState.CLOSED : state;
        }
        catch (final IOException | InterruptedException ex)
        {
            return TcpState.UNKNOWN;
        }
    }

    private static String state(final Byte kernel)
    {
        return io.wirestat.tracker.state.TcpState.name(kernel == null ? io.wirestat.tracker.state.TcpState.CLOSED
            : kernel);
    }

    private static String connectionLine(final String jsonl, final int clientPort)
    {
        for (final String line : jsonl.split("\n"))
        {
            if (line.startsWith("{\"type\":\"connection\"")
                && line.contains("\"client\":\"198.18.88.1:" + clientPort + "\""))
            {
                return line;
            }
        }
        return null;
    }

    private static String field(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":\"([A-Z_0-9]+)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    private static long frames(final String out)
    {
        final Matcher m = Pattern.compile("\"frames\":(\\d+)").matcher(out);
        long last = 0;
        while (m.find())
        {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    private static long peakRssKib(final long pid) throws IOException
    {
        for (final String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status")))
        {
            if (line.startsWith("VmHWM:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for " + pid);
    }

    private static String text(final StringBuilder sb)
    {
        synchronized (sb)
        {
            return sb.toString();
        }
    }

    private static void read(final java.io.InputStream in, final StringBuilder all)
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                synchronized (all)
                {
                    all.append(line).append('\n');
                }
            }
        }
        catch (final IOException ignored)
        {
            // process gone
        }
    }
}
