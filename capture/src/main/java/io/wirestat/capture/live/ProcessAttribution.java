package io.wirestat.capture.live;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's own view of its TCP sockets, joined with wirestat's connections: for each endpoint of a connection
 * that is a socket on this host, the kernel's state (beside the inferred one) and the owning pid and command. Only
 * meaningful when the tapped interface is local and in this network namespace (otherwise nothing matches and
 * {@link #of} returns null). Built once per refresh from {@code /proc}. Immutable once built; thread safe.
 */
public final class ProcessAttribution
{
    /** An attribution that knows no socket (no /proc, or disabled). */
    public static final ProcessAttribution EMPTY = new ProcessAttribution(Map.of());

    private final Map<Key, KernelSocket> sockets;

    private ProcessAttribution(final Map<Key, KernelSocket> sockets)
    {
        this.sockets = sockets;
    }

    /**
     * Reads {@code /proc/net/tcp{,6}} and every process's socket descriptors.
     *
     * @param procRoot {@code /proc} (tests pass a directory shaped like it).
     * @return the attribution; {@link #EMPTY} if the tables cannot be read.
     */
    public static ProcessAttribution read(final Path procRoot)
    {
        final List<KernelSocket> table;
        try
        {
            table = ProcNetTcp.read(procRoot);
        }
        catch (final IOException ex)
        {
            return EMPTY;
        }
        final Map<Long, SocketOwners.Owner> owners = SocketOwners.scan(procRoot);
        final Map<Key, KernelSocket> sockets = new HashMap<>();
        for (final KernelSocket socket : table)
        {
            final SocketOwners.Owner owner = socket.inode() == 0 ? null : owners.get(socket.inode());
            final KernelSocket owned = owner == null ? socket : socket.withOwner(owner.pid(), owner.comm());
            // A listening socket (remote *:0) never matches a connection; keep the connected one on a clash.
            sockets.merge(new Key(socket.local(), socket.remote()), owned, (a, b) -> a.inode() != 0 ? a : b);
        }
        return new ProcessAttribution(sockets);
    }

    /**
     * @param local  this host's end.
     * @param remote the peer.
     * @return the kernel's socket with that local and remote end, or null if this host has none.
     */
    public KernelSocket of(final Endpoint local, final Endpoint remote)
    {
        return sockets.get(new Key(local, remote));
    }

    /**
     * @param record a connection.
     * @return the client's socket on this host, or null.
     */
    public KernelSocket client(final ConnectionRecord record)
    {
        return of(record.client(), record.server());
    }

    /**
     * @param record a connection.
     * @return the server's socket on this host, or null.
     */
    public KernelSocket server(final ConnectionRecord record)
    {
        return of(record.server(), record.client());
    }

    /** @return sockets known. */
    public int size()
    {
        return sockets.size();
    }

    private record Key(Endpoint local, Endpoint remote)
    {
    }
}
