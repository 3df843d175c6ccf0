package io.wirestat.capture.live;

import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

/**
 * One TCP socket as this host's kernel lists it in {@code /proc/net/tcp} or {@code /proc/net/tcp6}, with its owner
 * once found in {@code /proc/PID/fd}. Immutable.
 *
 * @param local  local address and port (IPv4 as IPv4-mapped, like {@link Endpoint}).
 * @param remote remote address and port.
 * @param state  the kernel's state as a {@link TcpState} constant.
 * @param inode  the socket's inode (0 for TIME_WAIT sockets, which no process owns).
 * @param pid    owning process id, or 0 when unknown.
 * @param comm   owning process's command ({@code /proc/PID/comm}), or null when unknown.
 */
public record KernelSocket(Endpoint local, Endpoint remote, byte state, long inode, int pid, String comm)
{
    /** @return the kernel's state, netstat spelling. */
    public String stateName()
    {
        return TcpState.name(state);
    }

    /** @return {@code pid/comm} as {@code netstat -p} writes it, or {@code -} when no owner is known. */
    public String owner()
    {
        return pid == 0 ? "-" : pid + "/" + comm;
    }

    /**
     * @param pid  owner.
     * @param comm owner's command.
     * @return this socket with an owner.
     */
    KernelSocket withOwner(final int pid, final String comm)
    {
        return new KernelSocket(local, remote, state, inode, pid, comm);
    }
}
