package io.wirestat.capture.live;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.OfflineAnalyzer;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real traffic on loopback, made by this test: one connection left ESTABLISHED, one half-closed (client FIN_WAIT_2,
 * server CLOSE_WAIT), one closed by the client first (client TIME_WAIT), one over IPv6; the live capture's states must
 * match the kernel's own ({@code ss -tan}) for both ends, and the server sockets must be attributed to this JVM.
 */
class LiveLoopbackTest
{
    private static final long SETTLE_MILLIS = 5_000;

    @Test
    void shouldMatchKernelStatesAndFindTheOwningProcess(@TempDir final Path dir) throws Exception
    {
        LiveTestSupport.assumeRoot();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket server6 = new ServerSocket(0, 50, InetAddress.getByName("::1")))
        {
            final LiveOptions options = new LiveOptions();
            options.device = "lo";
            options.filter = "tcp port " + server.getLocalPort() + " or tcp port " + server6.getLocalPort();
            options.writeFile = dir.resolve("lo.pcap");
            try (LiveTestSupport.Running running = new LiveTestSupport.Running(options);
                 Socket established = connect(server);
                 Socket halfClosed = connect(server);
                 Socket timeWait = connect(server);
                 Socket v6 = connect(server6);
                 Socket s1 = server.accept();
                 Socket s2 = server.accept();
                 Socket s3 = server.accept();
                 Socket s6 = server6.accept())
            {
                exchange(established, s1);
                exchange(halfClosed, s2);
                exchange(timeWait, s3);
                exchange(v6, s6);
                halfClosed.shutdownOutput();
                timeWait.close();
                readEof(s3);
                s3.close();
                final int[] ports = {established.getLocalPort(), halfClosed.getLocalPort(), timeWait.getLocalPort(),
                    v6.getLocalPort()};
                final byte[][] expected = {
                    {TcpState.ESTABLISHED, TcpState.ESTABLISHED},
                    {TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT},
                    {TcpState.TIME_WAIT, TcpState.CLOSED},
                    {TcpState.ESTABLISHED, TcpState.ESTABLISHED}};

                final LiveStatus status = awaitStates(running.capture, ports, expected);
                final Map<String, Byte> kernel = LiveTestSupport.ss(null);
                final ProcessAttribution procs = ProcessAttribution.read(Paths.get("/proc"));
                for (int i = 0; i < ports.length; i++)
                {
                    final ConnectionRecord r = LiveTestSupport.byClientPort(status.connections(), ports[i]);
                    assertNotNull(r, "connection from port " + ports[i] + " tracked");
                    assertEquals(TcpState.name(LiveTestSupport.kernelState(kernel, r.client(), r.server())),
                        r.clientStateName(), "client state vs ss -tan: " + r);
                    assertEquals(TcpState.name(LiveTestSupport.kernelState(kernel, r.server(), r.client())),
                        r.serverStateName(), "server state vs ss -tan: " + r);
                }
                final ConnectionRecord leaking = LiveTestSupport.byClientPort(status.connections(), ports[1]);
                final KernelSocket owner = procs.server(leaking);
                assertNotNull(owner, "the CLOSE_WAIT server socket is found in /proc/net/tcp");
                assertEquals(ProcessHandle.current().pid(), owner.pid(), "owned by this JVM");
                assertEquals(TcpState.CLOSE_WAIT, owner.state(), "the kernel's own state beside ours");
                final List<Hotspot> top = Hotspots.top(status.connections(), TcpState.CLOSE_WAIT, procs, 5);
                assertEquals("127.0.0.1:" + server.getLocalPort(), top.get(0).endpoint());
                assertEquals(ProcessHandle.current().pid() + "/java", top.get(0).owner());

                final LiveStatus last = running.finish();
                running.capture.close();
                assertEquals(last.frames(), last.tcpSegments() + last.skipped(), "every frame accounted for");
                assertEquals(last.tcpSegments(), last.trackedSegments() + last.ringOverflow());
                final AnalysisOptions offline = new AnalysisOptions();
                offline.files.add(options.writeFile);
                final AnalysisReport replay = OfflineAnalyzer.analyze(offline);
                assertEquals(last.frames(), replay.counters().get("frames"), "-w wrote every packet");
                assertEquals(4, replay.connections().size());
            }
        }
    }

    private static LiveStatus awaitStates(final LiveCapture capture, final int[] ports, final byte[][] expected)
        throws InterruptedException
    {
        final long end = System.nanoTime() + SETTLE_MILLIS * 1_000_000L;
        LiveStatus status;
        do
        {
            status = capture.snapshot(SETTLE_MILLIS);
            assertNotNull(status, "snapshot answered");
            if (matches(status, ports, expected))
            {
                return status;
            }
            Thread.sleep(50);
        }
        while (System.nanoTime() < end);
        return status;
    }

    private static boolean matches(final LiveStatus status, final int[] ports, final byte[][] expected)
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

    private static Socket connect(final ServerSocket server) throws Exception
    {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 2_000);
        return socket;
    }

    private static void exchange(final Socket client, final Socket server) throws Exception
    {
        final OutputStream out = client.getOutputStream();
        out.write('q');
        out.flush();
        assertEquals('q', server.getInputStream().read());
        server.getOutputStream().write('a');
        server.getOutputStream().flush();
        assertEquals('a', client.getInputStream().read());
    }

    private static void readEof(final Socket socket) throws Exception
    {
        final InputStream in = socket.getInputStream();
        assertTrue(in.read() < 0, "peer closed");
    }
}
