package io.wirestat.tracker.state;

import io.wirestat.tracker.flow.ConnectionLayout;

/**
 * What a connection record holds about one endpoint, as {@link StateEvidence} weighs it: the state the event model
 * reached, the fact bits, counts and times. Built per record on the cold path. Immutable; thread safe.
 *
 * @param state             the state the transition table reached (as of the report's time).
 * @param facts             {@link ConnectionLayout} fact bits ({@code ISN_KNOWN}, {@code FIN_SENT}, ...).
 * @param packets           segments it sent.
 * @param payloadBytes      payload bytes it sent.
 * @param finRetransmits    how often it repeated its FIN.
 * @param unanswered        retransmissions and keep-alives it sent since the peer last sent anything.
 * @param synAckRetransmits how often it repeated its SYN-ACK (servers only; 0 for a client).
 * @param lastPacketNanos   when it last sent anything ({@link io.wirestat.tracker.report.EndpointActivity#NEVER}).
 * @param stateSinceNanos   when it entered {@code state}.
 * @param sentBeyondSyn     true if it sent sequence space past its SYN (data or FIN), or its SYN was not seen.
 * @param ackedBeyondPeerSyn true if its ACKs covered more than the peer's SYN (it received data or a FIN).
 * @param timeWaitSinceNanos when it entered TIME_WAIT, or NEVER.
 */
public record EndpointFacts(
    byte state,
    int facts,
    long packets,
    long payloadBytes,
    int finRetransmits,
    int unanswered,
    int synAckRetransmits,
    long lastPacketNanos,
    long stateSinceNanos,
    boolean sentBeyondSyn,
    boolean ackedBeyondPeerSyn,
    long timeWaitSinceNanos)
{
    /** @return true if it holds a {@link ConnectionLayout} fact bit. */
    public boolean has(final int fact)
    {
        return (facts & fact) != 0;
    }
}
