package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.StateCertainty;

/**
 * One endpoint of a connection record seen from that endpoint: its state, since when, what it did, and its peer.
 * Lets a detector ask the same question of the client and of the server without writing it twice.
 * Immutable; thread safe.
 *
 * @param record   the connection.
 * @param isServer true for the server side.
 */
record EndpointView(ConnectionRecord record, boolean isServer)
{
    static EndpointView client(final ConnectionRecord record)
    {
        return new EndpointView(record, false);
    }

    static EndpointView server(final ConnectionRecord record)
    {
        return new EndpointView(record, true);
    }

    EndpointView peer()
    {
        return new EndpointView(record, !isServer);
    }

    Endpoint endpoint()
    {
        return isServer ? record.server() : record.client();
    }

    byte state()
    {
        return isServer ? record.serverState() : record.clientState();
    }

    StateCertainty certainty()
    {
        final StateCertainty c = isServer ? record.serverCertainty() : record.clientCertainty();
        return c == null ? StateCertainty.DECIDED : c;
    }

    long stateSinceNanos()
    {
        return isServer ? record.serverStateSinceNanos() : record.clientStateSinceNanos();
    }

    EndpointActivity activity()
    {
        final EndpointActivity activity = isServer ? record.serverActivity() : record.clientActivity();
        return activity == null ? EndpointActivity.NONE : activity;
    }

    long packets()
    {
        return isServer ? record.serverPackets() : record.clientPackets();
    }

    /**
     * Where this endpoint's socket lives, in a form that groups: a server is its service ({@code 10.0.0.2:8080});
     * a client is its host and the service it talks to ({@code 10.0.0.1 -> 10.0.0.2:8080}), because its ephemeral
     * port names nothing an operator can act on.
     *
     * @return the subject naming this endpoint's side.
     */
    String subject()
    {
        return isServer ? Subjects.service(record) : Subjects.clientToService(record);
    }
}
