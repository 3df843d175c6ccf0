package io.wirestat.capture.live;

import io.wirestat.tracker.state.TcpState;

import java.io.PrintWriter;
import java.time.Instant;

/**
 * One plain summary line per refresh, for logs and pipes (stdout not a terminal):
 * {@code 2024-05-01T12:00:02Z packets=1234 pps=56.0 connections=12 client[ESTABLISHED=3 ...] server[...]
 * alerts=0 ring_overflow=0 pcap_received=1234 pcap_dropped=0 pcap_if_dropped=0}. Not thread safe.
 */
public final class LineView implements LiveView
{
    private final PrintWriter out;

    /**
     * @param out where to write; flushed after each line.
     */
    public LineView(final PrintWriter out)
    {
        this.out = out;
    }

    @Override
    public void show(final LiveRefresh r)
    {
        final LiveStatus s = r.status();
        final StringBuilder line = new StringBuilder(256)
            .append(Instant.ofEpochSecond(Math.floorDiv(s.asOfNanos(), 1_000_000_000L)))
            .append(" packets=").append(s.frames())
            .append(" pps=").append(String.format("%.1f", r.packetsPerSecond()))
            .append(" connections=").append(s.connections().size());
        states(line, " client[", r.clientStates());
        states(line, " server[", r.serverStates());
        line.append(" alerts=").append(r.alerts().size())
            .append(" ring_overflow=").append(s.ringOverflow())
            .append(" pcap_received=").append(s.pcap().received())
            .append(" pcap_dropped=").append(s.pcap().dropped())
            .append(" pcap_if_dropped=").append(s.pcap().ifDropped());
        out.println(line);
        out.flush();
    }

    private static void states(final StringBuilder line, final String label, final long[] counts)
    {
        line.append(label);
        boolean first = true;
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            if (counts[state] != 0 && state != TcpState.CLOSED)
            {
                line.append(first ? "" : " ").append(TcpState.name(state)).append('=').append(counts[state]);
                first = false;
            }
        }
        line.append(']');
    }

    @Override
    public boolean broken()
    {
        return out.checkError();
    }
}
