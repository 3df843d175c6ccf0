package io.wirestat.capture.live;

import io.wirestat.capture.support.Prerequisites;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.AfterEach;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Real traffic on a veth pair whose far end is in a network namespace the test makes (198.18.87.0/24, fd00::/64):
 * the server (python3) runs in the namespace, the clients in this JVM; the capture is on the near end, an Ethernet
 * link. Both endpoints' inferred states must match each side's kernel ({@code ss -tan} here and in the namespace).
 * Everything the test creates is removed afterwards.
 */
class LiveVethTest
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
    private final String netns = "wst-" + tag;
    private final String near = "wsta" + tag;
    private final String far = "wstb" + tag;
    private Process server;

    @AfterEach
    void cleanUp() throws Exception
    {
        if (server != null)
        {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
        run(false, "ip", "link", "del", near);
        run(false, "ip", "netns", "del", netns);
    }

    @Test
    void shouldMatchBothKernelsStatesAcrossANamespace() throws Exception
    {
        LiveTestSupport.assumeRoot();
        Prerequisites.require(Files.isExecutable(Paths.get("/usr/bin/python3")), "python3 runs the namespace's server");
        Prerequisites.require(run(false, "ip", "netns", "add", netns), "cannot create network namespaces here");
        run(true, "ip", "link", "add", near, "type", "veth", "peer", "name", far);
        run(true, "ip", "link", "set", far, "netns", netns);
        run(true, "ip", "addr", "add", "198.18.87.1/24", "dev", near);
        run(true, "ip", "-6", "addr", "add", "fd00:87::1/64", "dev", near, "nodad");
        run(true, "ip", "link", "set", near, "up");
        run(true, "ip", "netns", "exec", netns, "ip", "addr", "add", "198.18.87.2/24", "dev", far);
        run(true, "ip", "netns", "exec", netns, "ip", "-6", "addr", "add", "fd00:87::2/64", "dev", far, "nodad");
        run(true, "ip", "netns", "exec", netns, "ip", "link", "set", far, "up");
        run(true, "ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
        server = new ProcessBuilder("ip", "netns", "exec", netns, "python3", "-c", SERVER)
            .redirectErrorStream(true).start();
        final BufferedReader serverOut = new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", serverOut.readLine(), "server listening in the namespace");

        final LiveOptions options = new LiveOptions();
        options.device = near;
        options.filter = "tcp port 8080";
        try (LiveTestSupport.Running running = new LiveTestSupport.Running(options);
             Socket established = connect("198.18.87.2", 'K');
             Socket halfClosed = connect("198.18.87.2", 'H');
             Socket timeWait = connect("198.18.87.2", 'C');
             Socket v6 = connect("fd00:87::2", 'K'))
        {
            assertEquals(1, running.capture.linkType(), "a veth is Ethernet");
            halfClosed.shutdownOutput();
            timeWait.close();
            final int[] ports = {established.getLocalPort(), halfClosed.getLocalPort(), timeWait.getLocalPort(),
                v6.getLocalPort()};
            final byte[][] expected = {
                {TcpState.ESTABLISHED, TcpState.ESTABLISHED},
                {TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT},
                {TcpState.TIME_WAIT, TcpState.CLOSED},
                {TcpState.ESTABLISHED, TcpState.ESTABLISHED}};
            final LiveStatus status = await(running.capture, ports, expected);
            final Map<String, Byte> clientKernel = LiveTestSupport.ss(null);
            final Map<String, Byte> serverKernel = LiveTestSupport.ss(netns);
            for (int i = 0; i < ports.length; i++)
            {
                final ConnectionRecord r = LiveTestSupport.byClientPort(status.connections(), ports[i]);
                assertNotNull(r, "connection from port " + ports[i] + " tracked");
                assertEquals(TcpState.name(LiveTestSupport.kernelState(clientKernel, r.client(), r.server())),
                    r.clientStateName(), "client vs ss -tan: " + r + " " + status.counters());
                assertEquals(TcpState.name(LiveTestSupport.kernelState(serverKernel, r.server(), r.client())),
                    r.serverStateName(), "server vs ss -tan in the namespace: " + r.client() + " " + r.server());
            }
        }
    }

    private static LiveStatus await(final LiveCapture capture, final int[] ports, final byte[][] expected)
        throws InterruptedException
    {
        final long end = System.nanoTime() + 5_000_000_000L;
        LiveStatus status;
        do
        {
            status = capture.snapshot(5_000);
            assertNotNull(status, "snapshot answered");
            boolean all = true;
            for (int i = 0; i < ports.length; i++)
            {
                final ConnectionRecord r = LiveTestSupport.byClientPort(status.connections(), ports[i]);
                all &= r != null && r.clientState() == expected[i][0] && r.serverState() == expected[i][1];
            }
            if (all)
            {
                return status;
            }
            Thread.sleep(50);
        }
        while (System.nanoTime() < end);
        return status;
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
