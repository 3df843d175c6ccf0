package io.wirestat.capture.cli;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

/**
 * Per-state connection counts for the client side and the server side, as {@code netstat -nat | awk '{print $6}'
 * | sort | uniq -c} would give for each host. Not thread safe; one per rendering.
 */
public final class StateCounts
{
    private final long[] client = new long[TcpState.COUNT];
    private final long[] server = new long[TcpState.COUNT];
    private final long[] clientUncertain = new long[TcpState.COUNT];
    private final long[] serverUncertain = new long[TcpState.COUNT];
    private long connections;
    private long uncertainEndpoints;

    /**
     * @param record a connection to count once on each side.
     */
    public void add(final ConnectionRecord record)
    {
        client[record.clientState()]++;
        server[record.serverState()]++;
        connections++;
        if (!record.clientCertainty().decided())
        {
            clientUncertain[record.clientState()]++;
            uncertainEndpoints++;
        }
        if (!record.serverCertainty().decided())
        {
            serverUncertain[record.serverState()]++;
            uncertainEndpoints++;
        }
    }

    /**
     * @param state a {@link TcpState} constant.
     * @return connections whose client endpoint is reported in that state but might be in another.
     */
    public long clientUncertain(final int state)
    {
        return clientUncertain[state];
    }

    /**
     * @param state a {@link TcpState} constant.
     * @return connections whose server endpoint is reported in that state but might be in another.
     */
    public long serverUncertain(final int state)
    {
        return serverUncertain[state];
    }

    /** @return endpoints (client and server sides together) whose state the wire leaves uncertain. */
    public long uncertainEndpoints()
    {
        return uncertainEndpoints;
    }

    /**
     * @param state a {@link TcpState} constant.
     * @return connections whose client endpoint is in that state.
     */
    public long client(final int state)
    {
        return client[state];
    }

    /**
     * @param state a {@link TcpState} constant.
     * @return connections whose server endpoint is in that state.
     */
    public long server(final int state)
    {
        return server[state];
    }

    /** @return connections counted. */
    public long connections()
    {
        return connections;
    }
}
