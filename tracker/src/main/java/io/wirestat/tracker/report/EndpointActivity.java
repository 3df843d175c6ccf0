package io.wirestat.tracker.report;

/**
 * What one endpoint of a connection has done, beyond its state: the evidence detectors weigh (who went silent,
 * who keeps probing, who reset). Times are packet time in nanoseconds; {@link #NEVER} when it never happened.
 *
 * @param lastPacketNanos      when it last sent anything.
 * @param lastPayloadNanos     when it last sent payload.
 * @param finRetransmits       how often it repeated its FIN.
 * @param keepalives           keep-alive probes it sent.
 * @param zeroWindowProbes     zero-window probes it sent.
 * @param unansweredProbes     retransmissions and keep-alives it sent since the peer last sent anything.
 * @param rstAfterPeerData     true if it reset an established connection right after the peer sent data (the
 *                             signature of a host that lost the connection's state).
 * @param timeWaitSinceNanos   when it entered TIME_WAIT (NEVER if it did not).
 */
public record EndpointActivity(
    long lastPacketNanos,
    long lastPayloadNanos,
    int finRetransmits,
    int keepalives,
    int zeroWindowProbes,
    int unansweredProbes,
    boolean rstAfterPeerData,
    long timeWaitSinceNanos)
{
    /** The time of something that never happened. */
    public static final long NEVER = Long.MIN_VALUE;

    /** Activity of an endpoint about which nothing beyond its state is known. */
    public static final EndpointActivity NONE = new EndpointActivity(NEVER, NEVER, 0, 0, 0, 0, false, NEVER);
}
