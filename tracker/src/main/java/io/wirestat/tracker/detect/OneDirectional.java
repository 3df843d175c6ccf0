package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

/**
 * Whether a capture holds only one direction of a connection: one side sent nothing, yet the other side's own
 * packets prove it was answered. The client acknowledging something (ESTABLISHED or later, reached by its ACKs) or a
 * server sending data after its SYN-ACK (which it cannot do before the handshake completed) shows the silent side is
 * alive: the capture misses its direction (asymmetric routing, a one-way mirror port, a capture filter). Such a
 * connection is not half-open. Stateless; thread safe.
 */
final class OneDirectional
{
    private OneDirectional()
    {
    }

    /**
     * @param record a connection.
     * @return the side whose packets alone were captured, or null if both or neither were, or nothing proves the
     *         silent side answered.
     */
    static EndpointView seenSide(final ConnectionRecord record)
    {
        if (record.clientPackets() > 0 && record.serverPackets() == 0)
        {
            return answered(EndpointView.client(record)) ? EndpointView.client(record) : null;
        }
        if (record.serverPackets() > 0 && record.clientPackets() == 0)
        {
            return answered(EndpointView.server(record)) ? EndpointView.server(record) : null;
        }
        return null;
    }

    /** @return true if the record's packets show only one direction, with the other side alive. */
    static boolean is(final ConnectionRecord record)
    {
        return seenSide(record) != null;
    }

    private static boolean answered(final EndpointView seen)
    {
        switch (seen.state())
        {
            case TcpState.ESTABLISHED:
            case TcpState.FIN_WAIT_1:
            case TcpState.FIN_WAIT_2:
            case TcpState.CLOSE_WAIT:
            case TcpState.CLOSING:
            case TcpState.LAST_ACK:
            case TcpState.TIME_WAIT:
                return true;
            case TcpState.SYN_RECV:
                return seen.isServer() && seen.record().serverBytes() > 0;
            default:
                return false;
        }
    }
}
