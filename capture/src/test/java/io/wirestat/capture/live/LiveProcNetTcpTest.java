package io.wirestat.capture.live;

import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code /proc} side of process attribution, on tables shaped like the kernel's: address decoding (host-order
 * words), state numbers, and the inode to pid/comm join through {@code fd} symlinks.
 */
class LiveProcNetTcpTest
{
    private static final String TCP = String.join("\n",
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 "
            + "0 10 0",
        "   1: 0100007F:1F90 0100007F:D431 08 00000000:00000000 00:00000000 00000000     0        0 1002 1 0 20 4 "
            + "30 10 -1",
        "   2: 0100007F:D432 0100007F:1F90 06 00000000:00000000 03:00001234 00000000     0        0 0 3 0",
        "");
    private static final String TCP6 = String.join("\n",
        "  sl  local_address                         remote_address                        st tx_queue rx_queue tr "
            + "tm->when retrnsmt   uid  timeout inode",
        "   0: 000080FE00000000FF020000030000FE:01BB 00000000000000000000000001000000:C350 01 00000000:00000000 "
            + "00:00000000 00000000     0        0 1003 1 0 20 4 30 10 -1",
        "");

    @Test
    void shouldDecodeAddressesPortsStatesAndInodes() throws Exception
    {
        final Path proc = fakeProc(Files.createTempDirectory("proc"));
        final ProcessAttribution procs = ProcessAttribution.read(proc);
        final KernelSocket closeWait = procs.of(Endpoint.parse("127.0.0.1", 8080), Endpoint.parse("127.0.0.1", 54321));
        assertNotNull(closeWait);
        assertEquals(TcpState.CLOSE_WAIT, closeWait.state());
        assertEquals(1002, closeWait.inode());
        assertEquals(4242, closeWait.pid());
        assertEquals("leaky", closeWait.comm());
        assertEquals("4242/leaky", closeWait.owner());

        final KernelSocket timeWait = procs.of(Endpoint.parse("127.0.0.1", 54322), Endpoint.parse("127.0.0.1", 8080));
        assertNotNull(timeWait);
        assertEquals(TcpState.TIME_WAIT, timeWait.state());
        assertEquals("-", timeWait.owner(), "TIME_WAIT sockets have no owner");

        final KernelSocket v6 = procs.of(Endpoint.parse("fe80::2ff:fe00:3", 443), Endpoint.parse("::1", 50000));
        assertNotNull(v6, "IPv6 words are host order too");
        assertEquals(TcpState.ESTABLISHED, v6.state());
        assertEquals("-", v6.owner());

        assertNull(procs.of(Endpoint.parse("127.0.0.1", 8080), Endpoint.parse("127.0.0.1", 1)));
    }

    @Test
    void shouldFindThisJvmsOwnSocketsInTheRealProc() throws Exception
    {
        try (java.net.ServerSocket server =
                 new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             java.net.Socket client = new java.net.Socket(server.getInetAddress(), server.getLocalPort());
             java.net.Socket accepted = server.accept())
        {
            final ProcessAttribution procs = ProcessAttribution.read(Paths.get("/proc"));
            final KernelSocket mine = procs.of(Endpoint.parse("127.0.0.1", client.getLocalPort()),
                Endpoint.parse("127.0.0.1", server.getLocalPort()));
            assertNotNull(mine, "the client socket is in /proc/net/tcp");
            assertEquals(TcpState.ESTABLISHED, mine.state());
            assertEquals(ProcessHandle.current().pid(), mine.pid());
            // The accepted socket is another row (the server's end, local and remote swapped) with its own inode,
            // and both inodes are this JVM's fds (the socket:[inode] links read independently here).
            final KernelSocket theirs = procs.of(Endpoint.parse("127.0.0.1", accepted.getLocalPort()),
                Endpoint.parse("127.0.0.1", accepted.getPort()));
            assertNotNull(theirs, "the accepted socket is in /proc/net/tcp");
            assertEquals(client.getLocalPort(), accepted.getPort(), "the server's end faces the client's port");
            assertEquals(TcpState.ESTABLISHED, theirs.state());
            assertEquals(ProcessHandle.current().pid(), theirs.pid());
            assertTrue(mine.inode() != theirs.inode(), "two sockets, two inodes: " + mine.inode());
            final java.util.Set<String> fds = new java.util.HashSet<>();
            try (java.nio.file.DirectoryStream<Path> links = Files.newDirectoryStream(Paths.get("/proc/self/fd")))
            {
                for (final Path link : links)
                {
                    try
                    {
                        fds.add(Files.readSymbolicLink(link).toString());
                    }
                    catch (final java.io.IOException gone)
                    {
                        // an fd closed while listing
                    }
                }
            }
            assertTrue(fds.contains("socket:[" + mine.inode() + "]"), "client inode is our fd: " + mine.inode());
            assertTrue(fds.contains("socket:[" + theirs.inode() + "]"), "server inode is our fd: " + theirs.inode());
        }
    }

    static Path fakeProc(final Path root) throws Exception
    {
        Files.createDirectories(root.resolve("net"));
        Files.writeString(root.resolve("net/tcp"), TCP, StandardCharsets.US_ASCII);
        Files.writeString(root.resolve("net/tcp6"), TCP6, StandardCharsets.US_ASCII);
        final Path fd = Files.createDirectories(root.resolve("4242/fd"));
        Files.writeString(root.resolve("4242/comm"), "leaky\n");
        Files.createSymbolicLink(fd.resolve("3"), Paths.get("socket:[1002]"));
        Files.createSymbolicLink(fd.resolve("4"), Paths.get("/dev/null"));
        Files.createSymbolicLink(fd.resolve("5"), Paths.get("socket:[1001]"));
        Files.createDirectories(root.resolve("self"));
        return root;
    }
}
