package io.wirestat.tracker.report;

import io.wirestat.tracker.state.StateCertainty;
import io.wirestat.tracker.state.TcpState;

import java.util.Comparator;

/**
 * One connection as reported at a point in packet time: the cold-path, immutable snapshot of a flow-table record.
 * "Client" is the endpoint that sent the first SYN (or, for a connection picked up mid-stream, the one guessed to
 * be the client: the higher, non-well-known port, as Zeek guesses).
 *
 * @param client          the client endpoint.
 * @param server          the server endpoint.
 * @param vlan            VLAN context (0 untagged).
 * @param clientState     a {@link TcpState} constant.
 * @param serverState     a {@link TcpState} constant.
 * @param firstSeenNanos  timestamp of the first packet.
 * @param lastSeenNanos   timestamp of the last packet.
 * @param clientPackets   packets client to server.
 * @param serverPackets   packets server to client.
 * @param clientBytes     TCP payload bytes client to server (on the wire, even where the snap length cut them).
 * @param serverBytes     TCP payload bytes server to client.
 * @param clientIpBytes   IP bytes client to server.
 * @param serverIpBytes   IP bytes server to client.
 * @param history         Zeek-style history: upper case client, lower case server (e.g. {@code ShADadFf}).
 * @param partial         true when the handshake was not seen (picked up mid-stream).
 * @param synRetransmits  retransmitted SYNs (same ISN) from the client.
 * @param clientStateSinceNanos when the client entered its current state.
 * @param serverStateSinceNanos when the server entered its current state.
 * @param clientRetransmits retransmitted data segments from the client.
 * @param serverRetransmits retransmitted data segments from the server.
 * @param clientActivity  what the client did beyond its state (detectors' evidence).
 * @param serverActivity  what the server did beyond its state.
 * @param reusedTimeWait  true if this connection's SYN reused the 4-tuple while the previous connection on it was
 *                        still in TIME_WAIT on one side (reuse within 2·MSL).
 * @param clientCertainty the other states the wire leaves possible for the client, and why
 *                        ({@link StateCertainty#DECIDED} when its state is decided).
 * @param serverCertainty the same for the server.
 */
public record ConnectionRecord(
    Endpoint client,
    Endpoint server,
    int vlan,
    byte clientState,
    byte serverState,
    long firstSeenNanos,
    long lastSeenNanos,
    long clientPackets,
    long serverPackets,
    long clientBytes,
    long serverBytes,
    long clientIpBytes,
    long serverIpBytes,
    String history,
    boolean partial,
    int synRetransmits,
    long clientStateSinceNanos,
    long serverStateSinceNanos,
    long clientRetransmits,
    long serverRetransmits,
    EndpointActivity clientActivity,
    EndpointActivity serverActivity,
    boolean reusedTimeWait,
    StateCertainty clientCertainty,
    StateCertainty serverCertainty)
{
    /**
     * The order reports list connections in: first packet's time, then client, server (as written) and VLAN, so
     * that records with the same first timestamp still come out the same way on every run.
     */
    public static final Comparator<ConnectionRecord> FIRST_SEEN_ORDER = Comparator
        .comparingLong(ConnectionRecord::firstSeenNanos)
        .thenComparing(r -> r.client().toString())
        .thenComparing(r -> r.server().toString())
        .thenComparingInt(ConnectionRecord::vlan);

    /**
     * A record without activity details (tests and tools that only care about states and counts).
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    public ConnectionRecord(
        final Endpoint client, final Endpoint server, final int vlan, final byte clientState, final byte serverState,
        final long firstSeenNanos, final long lastSeenNanos, final long clientPackets, final long serverPackets,
        final long clientBytes, final long serverBytes, final long clientIpBytes, final long serverIpBytes,
        final String history, final boolean partial, final int synRetransmits, final long clientStateSinceNanos,
        final long serverStateSinceNanos, final long clientRetransmits, final long serverRetransmits)
    {
        this(client, server, vlan, clientState, serverState, firstSeenNanos, lastSeenNanos, clientPackets,
            serverPackets, clientBytes, serverBytes, clientIpBytes, serverIpBytes, history, partial, synRetransmits,
            clientStateSinceNanos, serverStateSinceNanos, clientRetransmits, serverRetransmits,
            EndpointActivity.NONE, EndpointActivity.NONE, false);
    }

    /**
     * A record whose states are both decided (tests and tools that build records by hand).
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    public ConnectionRecord(
        final Endpoint client, final Endpoint server, final int vlan, final byte clientState, final byte serverState,
        final long firstSeenNanos, final long lastSeenNanos, final long clientPackets, final long serverPackets,
        final long clientBytes, final long serverBytes, final long clientIpBytes, final long serverIpBytes,
        final String history, final boolean partial, final int synRetransmits, final long clientStateSinceNanos,
        final long serverStateSinceNanos, final long clientRetransmits, final long serverRetransmits,
        final EndpointActivity clientActivity, final EndpointActivity serverActivity, final boolean reusedTimeWait)
    {
        this(client, server, vlan, clientState, serverState, firstSeenNanos, lastSeenNanos, clientPackets,
            serverPackets, clientBytes, serverBytes, clientIpBytes, serverIpBytes, history, partial, synRetransmits,
            clientStateSinceNanos, serverStateSinceNanos, clientRetransmits, serverRetransmits, clientActivity,
            serverActivity, reusedTimeWait, StateCertainty.DECIDED, StateCertainty.DECIDED);
    }

    /** @return true if either endpoint's state is not decided by the wire. */
    public boolean uncertain()
    {
        return !clientCertainty.decided() || !serverCertainty.decided();
    }

    /** @return netstat's spelling of the client's state. */
    public String clientStateName()
    {
        return TcpState.name(clientState);
    }

    /** @return netstat's spelling of the server's state. */
    public String serverStateName()
    {
        return TcpState.name(serverState);
    }

    /** @return true when both endpoints are CLOSED (ss hides such connections unless asked). */
    public boolean isClosed()
    {
        return clientState == TcpState.CLOSED && serverState == TcpState.CLOSED;
    }
}
