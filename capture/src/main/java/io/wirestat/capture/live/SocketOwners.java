package io.wirestat.capture.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds which process holds each socket, as {@code netstat -p} and {@code ss -p} do: every {@code /proc/PID/fd/N}
 * that links to {@code socket:[INODE]} names the owner of that inode; the command is {@code /proc/PID/comm}.
 * Processes we may not look into (another user's, without CAP_SYS_PTRACE) are skipped, as netstat skips them.
 * Cold path (once per refresh). Stateless; thread safe.
 */
final class SocketOwners
{
    private static final String SOCKET_PREFIX = "socket:[";

    private SocketOwners()
    {
    }

    /** The owner of a socket. */
    record Owner(int pid, String comm)
    {
    }

    /**
     * @param procRoot {@code /proc}, or a test directory shaped like it.
     * @return socket inode to its owner (the lowest pid when several processes share it, as after fork).
     */
    static Map<Long, Owner> scan(final Path procRoot)
    {
        final Map<Long, Owner> owners = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(procRoot, SocketOwners::isPid))
        {
            for (final Path process : processes)
            {
                scanProcess(process, owners);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // /proc unreadable (not Linux, hardened mount): no owners, the view says "-".
        }
        return owners;
    }

    private static boolean isPid(final Path path)
    {
        final String name = path.getFileName().toString();
        for (int i = 0; i < name.length(); i++)
        {
            if (name.charAt(i) < '0' || name.charAt(i) > '9')
            {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static void scanProcess(final Path process, final Map<Long, Owner> owners)
    {
        final int pid = Integer.parseInt(process.getFileName().toString());
        String comm = null;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd")))
        {
            for (final Path fd : fds)
            {
                final String target;
                try
                {
                    target = Files.readSymbolicLink(fd).toString();
                }
                catch (final IOException | UnsupportedOperationException ex)
                {
                    continue; // closed meanwhile
                }
                if (!target.startsWith(SOCKET_PREFIX))
                {
                    continue;
                }
                final long inode = Long.parseLong(target.substring(SOCKET_PREFIX.length(), target.length() - 1));
                if (comm == null)
                {
                    comm = comm(process);
                }
                final Owner existing = owners.get(inode);
                if (existing == null || existing.pid() > pid)
                {
                    owners.put(inode, new Owner(pid, comm));
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Gone, or not ours to look into.
        }
    }

    private static String comm(final Path process)
    {
        try
        {
            return new String(Files.readAllBytes(process.resolve("comm")), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            return "?";
        }
    }
}
