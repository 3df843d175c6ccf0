package io.wirestat.capture.live;

import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the kernel's TCP socket tables, {@code /proc/net/tcp} and {@code /proc/net/tcp6}, as netstat and ss read
 * them. Each line: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode};
 * addresses are hex, each 32-bit word in the host's byte order (little endian on x86 and arm64), ports are plain
 * hex. Cold path (once per refresh). Stateless; thread safe.
 */
final class ProcNetTcp
{
    /** Index: the kernel's TCP state numbers (include/net/tcp_states.h) to ours. */
    private static final byte[] KERNEL_STATES =
    {
        TcpState.UNKNOWN,
        TcpState.ESTABLISHED,   // 1 TCP_ESTABLISHED
        TcpState.SYN_SENT,      // 2
        TcpState.SYN_RECV,      // 3
        TcpState.FIN_WAIT_1,    // 4
        TcpState.FIN_WAIT_2,    // 5
        TcpState.TIME_WAIT,     // 6
        TcpState.CLOSED,        // 7 TCP_CLOSE
        TcpState.CLOSE_WAIT,    // 8
        TcpState.LAST_ACK,      // 9
        TcpState.LISTEN,        // 10
        TcpState.CLOSING,       // 11
        TcpState.SYN_RECV,      // 12 TCP_NEW_SYN_RECV (request socket)
    };

    private static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private ProcNetTcp()
    {
    }

    /**
     * @param procRoot {@code /proc}, or a test directory shaped like it.
     * @return the sockets of both tables (no owners yet); a missing table (no IPv6) is skipped.
     * @throws IOException if a table exists but cannot be read.
     */
    static List<KernelSocket> read(final Path procRoot) throws IOException
    {
        final List<KernelSocket> sockets = new ArrayList<>();
        read(procRoot.resolve("net/tcp"), sockets);
        read(procRoot.resolve("net/tcp6"), sockets);
        return sockets;
    }

    private static void read(final Path table, final List<KernelSocket> into) throws IOException
    {
        try (BufferedReader reader = Files.newBufferedReader(table, StandardCharsets.US_ASCII))
        {
            String line = reader.readLine();
            while ((line = reader.readLine()) != null)
            {
                final KernelSocket socket = parseLine(line);
                if (socket != null)
                {
                    into.add(socket);
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            // No IPv6 on this host (or no IPv4): nothing to read.
        }
    }

    /**
     * @param line one table line (not the heading).
     * @return the socket, or null if the line does not parse.
     */
    static KernelSocket parseLine(final String line)
    {
        final String[] f = line.trim().split("\\s+");
        if (f.length < 10)
        {
            return null;
        }
        try
        {
            final Endpoint local = endpoint(f[1]);
            final Endpoint remote = endpoint(f[2]);
            final int st = Integer.parseInt(f[3], 16);
            final byte state = st < KERNEL_STATES.length ? KERNEL_STATES[st] : TcpState.UNKNOWN;
            final long inode = Long.parseLong(f[9]);
            return new KernelSocket(local, remote, state, inode, 0, null);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    /**
     * @param text {@code 0100007F:1F90} (IPv4) or 32 hex digits and a port (IPv6).
     * @return the endpoint.
     */
    static Endpoint endpoint(final String text)
    {
        final int colon = text.indexOf(':');
        final String address = text.substring(0, colon);
        final int port = Integer.parseInt(text.substring(colon + 1), 16);
        if (address.length() == 8)
        {
            return new Endpoint(0, V4_MAPPED_PREFIX | word(address, 0), port);
        }
        if (address.length() != 32)
        {
            throw new IllegalArgumentException("bad address " + text);
        }
        final long hi = word(address, 0) << 32 | word(address, 8);
        final long lo = word(address, 16) << 32 | word(address, 24);
        return new Endpoint(hi, lo, port);
    }

    /** One 32-bit word written by the kernel with %08X in host order (little endian): its bytes reversed. */
    private static long word(final String hex, final int from)
    {
        final long v = Long.parseLong(hex.substring(from, from + 8), 16);
        return Integer.toUnsignedLong(Integer.reverseBytes((int)v));
    }
}
