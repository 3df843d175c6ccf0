package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.TcpState;

/**
 * Builds hand-made connection records for detector tests. Times are seconds after {@link #T0}.
 */
final class Conn
{
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long NEVER = EndpointActivity.NEVER;

    private Endpoint client = Endpoint.parse("10.0.0.1", 40_000);
    private Endpoint server = Endpoint.parse("10.0.0.2", 80);
    private byte clientState = TcpState.ESTABLISHED;
    private byte serverState = TcpState.ESTABLISHED;
    private long clientSince = T0;
    private long serverSince = T0;
    private long first = T0;
    private long clientPackets = 3;
    private long serverPackets = 3;
    private long serverBytes;
    private int synRetransmits;
    private boolean reused;
    private EndpointActivity clientActivity = new EndpointActivity(T0, NEVER, 0, 0, 0, 0, false, NEVER);
    private EndpointActivity serverActivity = new EndpointActivity(T0, NEVER, 0, 0, 0, 0, false, NEVER);

    static Conn conn()
    {
        return new Conn();
    }

    static long at(final double seconds)
    {
        return T0 + Math.round(seconds * 1e9);
    }

    Conn client(final String address, final int port)
    {
        client = Endpoint.parse(address, port);
        return this;
    }

    Conn server(final String address, final int port)
    {
        server = Endpoint.parse(address, port);
        return this;
    }

    Conn client(final byte state, final double since)
    {
        clientState = state;
        clientSince = at(since);
        return this;
    }

    Conn server(final byte state, final double since)
    {
        serverState = state;
        serverSince = at(since);
        return this;
    }

    Conn first(final double seconds)
    {
        first = at(seconds);
        return this;
    }

    Conn packets(final long fromClient, final long fromServer)
    {
        clientPackets = fromClient;
        serverPackets = fromServer;
        return this;
    }

    Conn serverBytes(final long bytes)
    {
        serverBytes = bytes;
        return this;
    }

    Conn synRetransmits(final int count)
    {
        synRetransmits = count;
        return this;
    }

    Conn reusedTimeWait()
    {
        reused = true;
        return this;
    }

    Conn clientActivity(final EndpointActivity activity)
    {
        clientActivity = activity;
        return this;
    }

    Conn serverActivity(final EndpointActivity activity)
    {
        serverActivity = activity;
        return this;
    }

    /** @return activity: last packet and payload (seconds, or NaN for never), FIN retransmits, probes, RST, TIME_WAIT. */
    static EndpointActivity activity(
        final double lastPacket, final double lastPayload, final int finRetransmits, final int unansweredProbes,
        final boolean rstAfterPeerData, final double timeWaitSince)
    {
        return new EndpointActivity(time(lastPacket), time(lastPayload), finRetransmits, 0, 0, unansweredProbes,
            rstAfterPeerData, time(timeWaitSince));
    }

    private static long time(final double seconds)
    {
        return Double.isNaN(seconds) ? NEVER : at(seconds);
    }

    ConnectionRecord build()
    {
        return new ConnectionRecord(client, server, 0, clientState, serverState, first,
            Math.max(first, Math.max(clientSince, serverSince)), clientPackets, serverPackets, 100, serverBytes,
            200, 200, "ShA", false, synRetransmits, clientSince, serverSince, 0, 0, clientActivity, serverActivity,
            reused);
    }
}
