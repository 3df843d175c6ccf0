package io.wirestat.tracker.state;

import io.wirestat.tracker.report.EndpointActivity;

import static io.wirestat.tracker.flow.ConnectionLayout.FIN_SENT;
import static io.wirestat.tracker.flow.ConnectionLayout.ISN_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.OWN_FIN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.OWN_SYN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.PEER_FIN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.PEER_SYN_ACKED;
import static io.wirestat.tracker.state.TcpState.CLOSED;
import static io.wirestat.tracker.state.TcpState.CLOSE_WAIT;
import static io.wirestat.tracker.state.TcpState.CLOSING;
import static io.wirestat.tracker.state.TcpState.ESTABLISHED;
import static io.wirestat.tracker.state.TcpState.FIN_WAIT_1;
import static io.wirestat.tracker.state.TcpState.FIN_WAIT_2;
import static io.wirestat.tracker.state.TcpState.LAST_ACK;
import static io.wirestat.tracker.state.TcpState.SYN_RECV;
import static io.wirestat.tracker.state.TcpState.SYN_SENT;
import static io.wirestat.tracker.state.TcpState.TIME_WAIT;
import static io.wirestat.tracker.state.TcpState.UNKNOWN;

/**
 * Says, after the fact, what the wire leaves open about each endpoint of a connection: from the facts the record
 * holds (which segments were acknowledged, what was retransmitted after what, who went silent), the most likely
 * state, the other states the evidence leaves possible, and an {@link Evidence} code. The transition table decides
 * what the wire shows when every segment seen was delivered; this class names the cases where that assumption is
 * the whole answer's weak point: a segment on the wire never acknowledged (lost after the capture point, or its
 * answer lost before it), a segment repeated after its acknowledgement was seen (the acknowledgement was lost after
 * the capture point), and an endpoint that fell silent. Every rule is in docs/state-model.md, "What the wire cannot
 * decide". Cold path (one call per record built); stateless; thread safe.
 */
public final class StateEvidence
{
    /** Unanswered retransmissions or probes that make "the peer is gone" one of the possibilities. */
    static final int SILENT_PROBES = 2;
    /** Unanswered retransmissions or probes, over {@link #GONE_AFTER_NANOS}, that make it the likeliest. */
    static final int GONE_PROBES = 5;
    /** Silence that, with {@link #GONE_PROBES} unanswered probes, makes "the peer is gone" the likeliest. */
    static final long GONE_AFTER_NANOS = 10_000_000_000L;
    private static final int C = 0;
    private static final int S = 1;

    /**
     * Both endpoints' verdicts.
     *
     * @param clientState     the client's most likely state.
     * @param client          what else the client may be in, and why.
     * @param serverState     the server's most likely state.
     * @param server          what else the server may be in, and why.
     */
    public record Assessment(byte clientState, StateCertainty client, byte serverState, StateCertainty server)
    {
    }

    private StateEvidence()
    {
    }

    /**
     * @param client    the client's facts.
     * @param server    the server's facts.
     * @param partial   true when the handshake was not seen.
     * @param point     where the capture was taken.
     * @param asOfNanos the report's packet time.
     * @return both verdicts.
     */
    public static Assessment assess(
        final EndpointFacts client, final EndpointFacts server, final boolean partial, final CapturePoint point,
        final long asOfNanos)
    {
        final EndpointFacts[] e = {client, server};
        final byte[] state = {client.state(), server.state()};
        final int[] alternatives = new int[2];
        final String[] evidence = {Evidence.OBSERVED, Evidence.OBSERVED};
        for (int side = C; side <= S; side++)
        {
            assessSide(e[side], e[side ^ 1], side == S, point, asOfNanos, state, alternatives, evidence, side);
        }
        if (evidence[C].equals(Evidence.OBSERVED) && evidence[S].equals(Evidence.OBSERVED) && partial)
        {
            midstream(e, state, alternatives, evidence);
        }
        return new Assessment(state[C], certainty(alternatives[C], state[C], evidence[C], client.state()), state[S],
            certainty(alternatives[S], state[S], evidence[S], server.state()));
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void assessSide(
        final EndpointFacts e, final EndpointFacts p, final boolean isServer, final CapturePoint point,
        final long asOfNanos, final byte[] state, final int[] alternatives, final String[] evidence, final int side)
    {
        final byte st = e.state();
        if (e.packets() == 0)
        {
            if (st == UNKNOWN && p.state() == SYN_SENT && p.packets() > 0)
            {
                // No socket answered (ss lists none): CLOSED; unless the SYN arrived and the SYN-ACK was lost
                // before the capture point, which leaves the server in SYN_RECV.
                set(side, CLOSED, bit(SYN_RECV), Evidence.SENT_NOTHING, state, alternatives, evidence);
            }
            return;
        }
        if (st == ESTABLISHED && e.synAckRetransmits() > 0 && e.lastPacketNanos() > e.stateSinceNanos() &&
            !e.sentBeyondSyn() && !e.ackedBeyondPeerSyn() && !e.has(FIN_SENT))
        {
            // The SYN-ACK repeated after the peer's ACK was on the wire: that ACK did not arrive (lost after the
            // capture point). A later copy may have.
            set(side, SYN_RECV, bit(ESTABLISHED), Evidence.SYNACK_RETRANSMITTED_AFTER_ACK, state, alternatives,
                evidence);
            return;
        }
        if (st == SYN_SENT && e.has(OWN_SYN_ACKED) && p.has(ISN_KNOWN) && !e.has(PEER_SYN_ACKED))
        {
            final boolean repeatedAfter = p.state() == SYN_RECV && e.lastPacketNanos() > p.stateSinceNanos();
            if (!repeatedAfter)
            {
                // The SYN-ACK is on the wire, the client's ACK is not, and the client did not repeat its SYN after
                // it: received with the ACK lost before the capture point, or lost after it.
                final boolean received = likelyReceived(isServer, p.state() == SYN_RECV ? p.synAckRetransmits() :
                    0, point);
                choose(side, received, SYN_SENT, ESTABLISHED, Evidence.SYNACK_UNACKNOWLEDGED, state, alternatives,
                    evidence);
            }
            return;
        }
        if (st == CLOSED && e.has(FIN_SENT) && e.has(OWN_FIN_ACKED) && e.has(PEER_FIN_ACKED) &&
            e.finRetransmits() > 0 && e.lastPacketNanos() > e.stateSinceNanos() &&
            e.timeWaitSinceNanos() == EndpointActivity.NEVER && p.timeWaitSinceNanos() != EndpointActivity.NEVER)
        {
            // A passive closer repeating its FIN after the peer's final ACK was on the wire: that ACK was lost
            // after the capture point.
            set(side, LAST_ACK, bit(CLOSED), Evidence.FIN_RETRANSMITTED_AFTER_ACK, state, alternatives, evidence);
            return;
        }
        if (p.has(FIN_SENT) && !e.has(PEER_FIN_ACKED) && isClosing(st) && e.has(FIN_SENT) && isClosing(p.state()))
        {
            crossing(e, p, isServer, point, side, state, alternatives, evidence);
            return;
        }
        if (p.has(FIN_SENT) && !e.has(PEER_FIN_ACKED) && (st == ESTABLISHED || st == FIN_WAIT_2) &&
            e.lastPacketNanos() <= p.lastPacketNanos())
        {
            // The peer's FIN is on the wire and this endpoint never acknowledged it, nor sent anything after the
            // peer's last segment that shows it did not have it.
            final byte received = st == ESTABLISHED ? CLOSE_WAIT : TIME_WAIT;
            final boolean likely = likelyReceived(isServer, p.finRetransmits(), point);
            choose(side, likely, st, received, Evidence.FIN_UNACKNOWLEDGED, state, alternatives, evidence);
            mayBeGone(e, p, asOfNanos, side, state, alternatives);
            return;
        }
        if ((st == ESTABLISHED || st == CLOSE_WAIT || st == FIN_WAIT_2) && p.unanswered() >= SILENT_PROBES)
        {
            // The peer keeps retransmitting or probing and this endpoint has said nothing since: it may be gone
            // (crashed, rebooted, a middlebox dropped the flow), or only the path to it is broken.
            set(side, st, 0, Evidence.PEER_SILENT, state, alternatives, evidence);
            alternatives[side] = bit(CLOSED);
            mayBeGone(e, p, asOfNanos, side, state, alternatives);
        }
    }

    /**
     * Crossing FINs, one of them unacknowledged: whether this endpoint received the peer's FIN is open unless it
     * acknowledged it; whether it received the peer's ACK of its own FIN is open when the ACK is on the wire but this
     * endpoint said nothing after the peer's FIN (its answers, if any, did not reach the wire).
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void crossing(
        final EndpointFacts e, final EndpointFacts p, final boolean isServer, final CapturePoint point,
        final int side, final byte[] state, final int[] alternatives, final String[] evidence)
    {
        // Called only while this endpoint has not acknowledged the peer's FIN.
        final boolean ackSeen = e.has(OWN_FIN_ACKED);
        final boolean finLikely = likelyReceived(isServer, p.finRetransmits(), point);
        int possible = bit(closingState(false, ackSeen)) | bit(closingState(true, ackSeen));
        if (ackSeen)
        {
            possible |= bit(closingState(false, false)) | bit(closingState(true, false));
        }
        final byte supposed = closingState(finLikely, ackSeen);
        // A supposed TIME_WAIT has no start to time its 2·MSL from: it stays an alternative, never the report.
        final byte likely = supposed == TIME_WAIT ? closingState(false, ackSeen) : supposed;
        set(side, likely, possible & ~bit(likely), Evidence.CROSSING_FINS_UNACKNOWLEDGED, state, alternatives,
            evidence);
    }

    /**
     * Picked up mid-stream, one side only acknowledged while the other sent data: the quiet side may have closed
     * its half before the capture began (its FIN and the peer's ACK of it not captured). A side that sent nothing at
     * all is a one-directional capture, not this.
     */
    private static void midstream(
        final EndpointFacts[] e, final byte[] state, final int[] alternatives, final String[] evidence)
    {
        for (int side = C; side <= S; side++)
        {
            final EndpointFacts quiet = e[side];
            final EndpointFacts talker = e[side ^ 1];
            if (state[side] == ESTABLISHED && state[side ^ 1] == ESTABLISHED && !quiet.has(ISN_KNOWN) &&
                !talker.has(ISN_KNOWN) && quiet.packets() > 0 && quiet.payloadBytes() == 0 && !quiet.has(FIN_SENT) &&
                talker.payloadBytes() > 0 && !talker.has(FIN_SENT))
            {
                set(side, ESTABLISHED, bit(FIN_WAIT_2), Evidence.PICKED_UP_MIDSTREAM, state, alternatives, evidence);
                set(side ^ 1, ESTABLISHED, bit(CLOSE_WAIT), Evidence.PICKED_UP_MIDSTREAM, state, alternatives,
                    evidence);
                return;
            }
        }
    }

    /**
     * Whether an endpoint more likely received a segment its peer sent and it never acknowledged. A capture on the
     * endpoint's own host would show its answer had it sent one: not received. Repeated unanswered copies make "never
     * got it, or gone" likelier. A capture on the sender's host leaves the whole path for the answer to be lost on,
     * or still travelling: received. Elsewhere the wire's reading stands: not received.
     */
    static boolean likelyReceived(final boolean receiverIsServer, final int senderRepeats, final CapturePoint point)
    {
        if (point.at(receiverIsServer))
        {
            return false;
        }
        if (senderRepeats >= 2)
        {
            return false;
        }
        return point.at(!receiverIsServer);
    }

    /** With many unanswered probes over a long silence, "the endpoint is gone" becomes the likeliest reading. */
    private static void mayBeGone(
        final EndpointFacts e, final EndpointFacts p, final long asOfNanos, final int side, final byte[] state,
        final int[] alternatives)
    {
        if (p.unanswered() < SILENT_PROBES)
        {
            return;
        }
        alternatives[side] |= bit(CLOSED);
        if (p.unanswered() >= GONE_PROBES && asOfNanos - e.lastPacketNanos() >= GONE_AFTER_NANOS)
        {
            alternatives[side] = (alternatives[side] | bit(state[side])) & ~bit(CLOSED);
            state[side] = CLOSED;
        }
    }

    private static boolean isClosing(final byte st)
    {
        return st == FIN_WAIT_1 || st == FIN_WAIT_2 || st == CLOSING || st == TIME_WAIT;
    }

    private static byte closingState(final boolean gotPeerFin, final boolean gotOwnAck)
    {
        if (gotPeerFin)
        {
            return gotOwnAck ? TIME_WAIT : CLOSING;
        }
        return gotOwnAck ? FIN_WAIT_2 : FIN_WAIT_1;
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void choose(
        final int side, final boolean likelyReceived, final byte notReceived, final byte received, final String code,
        final byte[] state, final int[] alternatives, final String[] evidence)
    {
        // A supposed TIME_WAIT has no start to time its 2·MSL from: it stays an alternative, never the report.
        final boolean pick = likelyReceived && received != TIME_WAIT;
        final byte likely = pick ? received : notReceived;
        final byte other = pick ? notReceived : received;
        set(side, likely, bit(other), code, state, alternatives, evidence);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void set(
        final int side, final byte st, final int alts, final String code, final byte[] state, final int[] alternatives,
        final String[] evidence)
    {
        state[side] = st;
        alternatives[side] = alts;
        evidence[side] = code;
    }

    private static StateCertainty certainty(
        final int alternatives, final byte state, final String evidence, final byte table)
    {
        final int alts = alternatives & ~bit(state);
        return alts == 0 ? StateCertainty.DECIDED :
            new StateCertainty(alts, evidence, table == state ? TcpState.IGNORE : table);
    }

    private static int bit(final int state)
    {
        return 1 << state;
    }
}
