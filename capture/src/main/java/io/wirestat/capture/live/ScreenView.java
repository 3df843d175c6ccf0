package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The refreshing terminal screen, {@code top}-like: clear screen and home (ANSI), then the packet and drop
 * counters, per-state counts of both sides, the alerts, the endpoints with the most CLOSE_WAIT and TIME_WAIT (with
 * the owning process when the socket is on this host), and the most recently active connections with this host's
 * kernel state beside the inferred one. Not thread safe.
 */
public final class ScreenView implements LiveView
{
    private static final String CLEAR_HOME = "\033[H\033[2J";
    private static final int CONNECTION_ROWS = 15;
    private static final String ROW = "%-22s %-22s %-11s %-11s %-11s %-11s %s";

    private final PrintWriter out;

    /**
     * @param out the terminal.
     */
    public ScreenView(final PrintWriter out)
    {
        this.out = out;
    }

    @Override
    public void show(final LiveRefresh r)
    {
        final LiveStatus s = r.status();
        final StringBuilder sb = new StringBuilder(4096).append(CLEAR_HOME);
        final long up = (s.asOfNanos() - s.startNanos()) / 1_000_000_000L;
        sb.append("wirestat live -i ").append(r.device()).append("   ")
            .append(Instant.ofEpochSecond(Math.floorDiv(s.asOfNanos(), 1_000_000_000L))).append("   up ").append(up)
            .append("s   (Ctrl-C: stop and print the report)\n");
        sb.append(String.format("packets %d (%.0f/s)  tcp %d  tracked %d  skipped %d  ring_overflow %d%n",
            s.frames(), r.packetsPerSecond(), s.tcpSegments(), s.trackedSegments(), s.skipped(), s.ringOverflow()));
        sb.append(String.format("libpcap: received %d  dropped %d  if_dropped %d   evictions %d%n%n",
            s.pcap().received(), s.pcap().dropped(), s.pcap().ifDropped(), s.evictions()));

        sb.append("TCP states of ").append(s.connections().size()).append(" connections:\n");
        sb.append(String.format("%-22s %s%n", "client side", "server side"));
        int c = next(r.clientStates(), 0);
        int v = next(r.serverStates(), 0);
        while (c < TcpState.COUNT || v < TcpState.COUNT)
        {
            final String left = c < TcpState.COUNT ? count(r.clientStates(), c) : "";
            final String right = v < TcpState.COUNT ? count(r.serverStates(), v) : "";
            sb.append(String.format("%-22s %s", left, right).stripTrailing()).append('\n');
            c = next(r.clientStates(), c + 1);
            v = next(r.serverStates(), v + 1);
        }

        sb.append("\nAlerts: ").append(r.alerts().isEmpty() ? "none" : Integer.toString(r.alerts().size()))
            .append('\n');
        for (final Alert a : r.alerts())
        {
            sb.append(String.format("  %-8s %-22s %-28s %5d  %s%n",
                a.severity().label(), a.kind(), a.subject(), a.count(), a.message()));
        }
        hotspots(sb, "CLOSE_WAIT", r.closeWaitTop());
        hotspots(sb, "TIME_WAIT", r.timeWaitTop());
        connections(sb, r);
        out.print(sb);
        out.flush();
    }

    private static String count(final long[] counts, final int state)
    {
        return String.format("%7d %-11s", counts[state], TcpState.name(state));
    }

    private static int next(final long[] counts, final int from)
    {
        int state = from;
        while (state < TcpState.COUNT && counts[state] == 0)
        {
            state++;
        }
        return state;
    }

    private static void hotspots(final StringBuilder sb, final String state, final List<Hotspot> top)
    {
        sb.append("\nTop ").append(state).append(top.isEmpty() ? ": none\n" : ":\n");
        for (final Hotspot h : top)
        {
            sb.append(String.format("  %6d  %-40s %s%n", h.count(), h.endpoint(),
                h.owner().equals("-") ? "" : "process " + h.owner()));
        }
    }

    private static void connections(final StringBuilder sb, final LiveRefresh r)
    {
        final List<ConnectionRecord> open = new ArrayList<>();
        for (final ConnectionRecord record : r.status().connections())
        {
            if (!record.isClosed())
            {
                open.add(record);
            }
        }
        open.sort(Comparator.comparingLong(ConnectionRecord::lastSeenNanos).reversed());
        sb.append("\nMost recently active connections (").append(Math.min(open.size(), CONNECTION_ROWS))
            .append(" of ").append(open.size())
            .append(" not closed on both sides; Kernel = this host's own socket, - if not local):\n");
        if (open.isEmpty())
        {
            return;
        }
        sb.append(String.format(ROW, "Client", "Server", "Client", "Kernel", "Server", "Kernel", "Process"))
            .append('\n');
        for (int i = 0; i < Math.min(open.size(), CONNECTION_ROWS); i++)
        {
            final ConnectionRecord record = open.get(i);
            final KernelSocket cs = r.procs().client(record);
            final KernelSocket ss = r.procs().server(record);
            final String owner = ss != null && ss.pid() != 0 ? ss.owner() : cs != null ? cs.owner() : "-";
            sb.append(String.format(ROW, record.client(), record.server(), record.clientStateName(),
                cs == null ? "-" : cs.stateName(), record.serverStateName(), ss == null ? "-" : ss.stateName(),
                owner)).append('\n');
        }
    }

    @Override
    public boolean broken()
    {
        return out.checkError();
    }
}
