package io.wirestat.capture.live;

import io.wirestat.capture.support.Prerequisites;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code live -r}: a real {@code tcpdump -U} on a veth pair whose far end is in a network namespace the test makes
 * (198.18.88.0/24, fd00:88::/64) feeds the stream source, through a pipe ({@code -w -}) or through a file it is still
 * writing ({@code --follow}). Both endpoints' states must equal each side's kernel ({@code ss -tan} here and in the
 * namespace), and wirestat must have every packet tcpdump says it captured. Everything made is removed afterwards.
 */
class LiveStreamTest
{
    private static final String SERVER = String.join("\n",
        "import socket, sys, threading",
        "s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)",
        "s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "s.bind(('::', 8080)); s.listen(16)",
        "print('ready', flush=True)",
        "held = []",
        "def serve(c):",
        "    held.append(c)",
        "    mode = c.recv(1); c.sendall(b'a')",
        "    if mode == b'C':",
        "        while c.recv(100): pass",
        "        c.close()",
        "while True:",
        "    c, _ = s.accept()",
        "    threading.Thread(target=serve, args=(c,), daemon=True).start()",
        "");

    private final String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
    private final String netns = "wss-" + tag;
    private final String near = "wssa" + tag;
    private final String far = "wssb" + tag;
    private Process server;
    private Process tcpdump;

    @AfterEach
    void cleanUp() throws Exception
    {
        for (final Socket socket : sockets)
        {
            socket.close();
        }
        for (final Process p : new Process[] {tcpdump, server})
        {
            if (p != null)
            {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        run(false, "ip", "link", "del", near);
        run(false, "ip", "netns", "del", netns);
    }

    @Test
    void shouldMatchBothKernelsFromATcpdumpPipe() throws Exception
    {
        setUp();
        tcpdump = new ProcessBuilder("tcpdump", "-i", near, "-U", "-s", "128", "-w", "-", "tcp port 8080")
            .redirectError(ProcessBuilder.Redirect.PIPE).start();
        final BufferedReader tcpdumpErr = awaitListening(tcpdump);
        final InputStream pipe = tcpdump.getInputStream();
        final StreamPacketSource source = StreamPacketSource.open("-", pipe, false, new LiveOptions(),
            Duration.ofSeconds(1));
        final Thread reader = start(source);
        final int[] ports = exercise(source);
        // tcpdump ends on SIGINT, flushing: the stream ends, and the source with it.
        new ProcessBuilder("kill", "-INT", Long.toString(tcpdump.pid())).start().waitFor();
        final long captured = packetsCaptured(tcpdumpErr);
        reader.join(10_000);
        assertTrue(source.ended(), "the end of tcpdump's stream ends the read");
        assertNull(source.fault(), String.valueOf(source.fault()));
        final LiveStatus last = source.finish();
        source.close();
        assertEquals(captured, last.frames(), "every packet tcpdump captured reached wirestat");
        assertStatesMatchKernels(last, ports);
    }

    @Test
    void shouldMatchBothKernelsFollowingAFileTcpdumpIsWriting() throws Exception
    {
        setUp();
        final Path file = Files.createTempFile("wirestat-follow", ".pcap");
        try
        {
            tcpdump = new ProcessBuilder("tcpdump", "-i", near, "-U", "-s", "128", "-w", file.toString(),
                "tcp port 8080").redirectError(ProcessBuilder.Redirect.PIPE).start();
            final BufferedReader tcpdumpErr = awaitListening(tcpdump);
            final StreamPacketSource source = StreamPacketSource.open(file.toString(),
                StreamPacketSource.streamOf(file), true, new LiveOptions(), Duration.ofSeconds(1));
            final Thread reader = start(source);
            final int[] ports = exercise(source);
            new ProcessBuilder("kill", "-INT", Long.toString(tcpdump.pid())).start().waitFor();
            final long captured = packetsCaptured(tcpdumpErr);
            // Following: tcpdump's exit is no end of stream; wirestat waits for more until stopped (Ctrl-C).
            final long deadline = System.nanoTime() + 5_000_000_000L;
            LiveStatus now = source.snapshot(1_000);
            while ((now == null || now.frames() < captured) && System.nanoTime() < deadline)
            {
                Thread.sleep(100);
                now = source.snapshot(1_000);
            }
            assertTrue(reader.isAlive(), "still following the file");
            source.stop();
            reader.join(10_000);
            assertTrue(source.ended());
            assertNull(source.fault(), String.valueOf(source.fault()));
            final LiveStatus last = source.finish();
            source.close();
            assertEquals(captured, last.frames(), "every packet tcpdump wrote was read");
            assertStatesMatchKernels(last, ports);
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    private void setUp() throws Exception
    {
        LiveTestSupport.assumeRoot();
        Prerequisites.require(Files.isExecutable(Paths.get("/usr/bin/python3")), "python3 runs the namespace's server");
        Prerequisites.require(
            Files.isExecutable(Paths.get("/usr/bin/tcpdump")) || Files.isExecutable(Paths.get("/usr/sbin/tcpdump")),
            "tcpdump feeds the stream");
        Prerequisites.require(run(false, "ip", "netns", "add", netns), "cannot create network namespaces here");
        run(true, "ip", "link", "add", near, "type", "veth", "peer", "name", far);
        run(true, "ip", "link", "set", far, "netns", netns);
        run(true, "ip", "addr", "add", "198.18.88.1/24", "dev", near);
        run(true, "ip", "-6", "addr", "add", "fd00:88::1/64", "dev", near, "nodad");
        run(true, "ip", "link", "set", near, "up");
        run(true, "ip", "netns", "exec", netns, "ip", "addr", "add", "198.18.88.2/24", "dev", far);
        run(true, "ip", "netns", "exec", netns, "ip", "-6", "addr", "add", "fd00:88::2/64", "dev", far, "nodad");
        run(true, "ip", "netns", "exec", netns, "ip", "link", "set", far, "up");
        run(true, "ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
        server = new ProcessBuilder("ip", "netns", "exec", netns, "python3", "-c", SERVER)
            .redirectErrorStream(true).start();
        final BufferedReader serverOut = new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", serverOut.readLine(), "server listening in the namespace");
    }

    /** tcpdump says "listening on ..." on stderr once its capture is set up. */
    private static BufferedReader awaitListening(final Process p) throws IOException
    {
        final BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        final String line = err.readLine();
        assertNotNull(line, "tcpdump started");
        assertTrue(line.contains("listening on"), line);
        return err;
    }

    /** tcpdump's "N packets captured" at its exit. */
    private static long packetsCaptured(final BufferedReader err) throws IOException
    {
        final Pattern captured = Pattern.compile("^(\\d+) packets? captured");
        String line;
        while ((line = err.readLine()) != null)
        {
            final Matcher m = captured.matcher(line);
            if (m.find())
            {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("tcpdump printed no packet count");
    }

    private static Thread start(final StreamPacketSource source)
    {
        final Thread t = new Thread(source::run, "test-stream");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Four connections left in four different states; waits until the stream shows them all. */
    private int[] exercise(final StreamPacketSource source) throws Exception
    {
        final Socket established = keep(connect("198.18.88.2", 'K'));
        final Socket halfClosed = keep(connect("198.18.88.2", 'H'));
        final Socket timeWait = keep(connect("198.18.88.2", 'C'));
        final Socket v6 = keep(connect("fd00:88::2", 'K'));
        {
            halfClosed.shutdownOutput();
            timeWait.close();
            final int[] ports = {established.getLocalPort(), halfClosed.getLocalPort(), timeWait.getLocalPort(),
                v6.getLocalPort()};
            final byte[][] expected = {
                {TcpState.ESTABLISHED, TcpState.ESTABLISHED},
                {TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT},
                {TcpState.TIME_WAIT, TcpState.CLOSED},
                {TcpState.ESTABLISHED, TcpState.ESTABLISHED}};
            final long end = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < end)
            {
                final LiveStatus status = source.snapshot(1_000);
                if (status != null && all(status, ports, expected))
                {
                    break;
                }
                Thread.sleep(50);
            }
            return ports;
        }
    }

    /** Open until the test ends, so the kernels' states hold still while they are compared. */
    private final List<Socket> sockets = new ArrayList<>();

    private Socket keep(final Socket socket)
    {
        sockets.add(socket);
        return socket;
    }

    private static boolean all(final LiveStatus status, final int[] ports, final byte[][] expected)
    {
        for (int i = 0; i < ports.length; i++)
        {
            final ConnectionRecord r = LiveTestSupport.byClientPort(status.connections(), ports[i]);
            if (r == null || r.clientState() != expected[i][0] || r.serverState() != expected[i][1])
            {
                return false;
            }
        }
        return true;
    }

    private void assertStatesMatchKernels(final LiveStatus last, final int[] ports) throws Exception
    {
        final Map<String, Byte> clientKernel = LiveTestSupport.ss(null);
        final Map<String, Byte> serverKernel = LiveTestSupport.ss(netns);
        for (final int port : ports)
        {
            final ConnectionRecord r = LiveTestSupport.byClientPort(last.connections(), port);
            assertNotNull(r, "connection from port " + port + " tracked");
            assertEquals(TcpState.name(LiveTestSupport.kernelState(clientKernel, r.client(), r.server())),
                r.clientStateName(), "client vs ss -tan: " + r + " " + last.counters());
            assertEquals(TcpState.name(LiveTestSupport.kernelState(serverKernel, r.server(), r.client())),
                r.serverStateName(), "server vs ss -tan in the namespace: " + r.client() + " " + r.server());
        }
    }

    private static Socket connect(final String address, final char mode) throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getByName(address), 8080), 3_000);
        socket.getOutputStream().write(mode);
        assertEquals('a', socket.getInputStream().read());
        return socket;
    }

    private static boolean run(final boolean required, final String... command)
        throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (required && !ok)
        {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return ok;
    }
}
