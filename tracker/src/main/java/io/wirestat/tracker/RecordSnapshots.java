package io.wirestat.tracker;

import io.wirestat.tracker.flow.FlowTable;
import io.wirestat.tracker.flow.SpillTable;
import io.wirestat.tracker.history.ConnectionHistory;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.EndpointFacts;
import io.wirestat.tracker.state.HandshakeTiming;
import io.wirestat.tracker.state.StateEvidence;

import static io.wirestat.tracker.flow.ConnectionLayout.C_FIN_RETRANSMITS;
import static io.wirestat.tracker.flow.ConnectionLayout.C_KEEPALIVES;
import static io.wirestat.tracker.flow.ConnectionLayout.C_SYN_RETRANSMITS;
import static io.wirestat.tracker.flow.ConnectionLayout.C_UNANSWERED;
import static io.wirestat.tracker.flow.ConnectionLayout.C_ZERO_WINDOW_PROBES;
import static io.wirestat.tracker.flow.ConnectionLayout.E_LAST_PACKET;
import static io.wirestat.tracker.flow.ConnectionLayout.E_LAST_PAYLOAD;
import static io.wirestat.tracker.flow.ConnectionLayout.FIN_SENT;
import static io.wirestat.tracker.flow.ConnectionLayout.ISN_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.ACK_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.F_PARTIAL;
import static io.wirestat.tracker.flow.ConnectionLayout.F_REUSED_TIME_WAIT;

/**
 * Builds the report form of a record ({@link ConnectionRecord}) as of a point in packet time. Cold path: one
 * record at a time, nothing retained. Not thread safe; owned by the tracker's thread (or read after it stopped).
 */
final class RecordSnapshots
{
    private static final int C = Records.CLIENT;
    private static final int S = Records.SERVER;

    private final FlowTable flows;
    private final Records rec;
    private final EndpointStates states;
    private final ConnectionHistory history;
    private final SegmentRules rules;
    private final HandshakeTiming timing;

    RecordSnapshots(
        final FlowTable flows, final Records rec, final EndpointStates states,
        final ConnectionHistory history, final SegmentRules rules, final HandshakeTiming timing)
    {
        this.flows = flows;
        this.rec = rec;
        this.states = states;
        this.history = history;
        this.rules = rules;
        this.timing = timing;
    }

    ConnectionRecord record(final int id, final long asOfNanos)
    {
        rec.at(id);
        final long clientLast = rec.time(C, E_LAST_PACKET);
        final long serverLast = rec.time(S, E_LAST_PACKET);
        final boolean partial = (rec.meta() & F_PARTIAL) != 0;
        // Each asked once per side: the facts, the activity and the record all carry them.
        final long clientSince = states.stateSinceAsOf(C, asOfNanos);
        final long serverSince = states.stateSinceAsOf(S, asOfNanos);
        final long clientTimeWait = states.timeWaitSince(C);
        final long serverTimeWait = states.timeWaitSince(S);
        // The states the transition table reached, weighed against what the wire leaves open (cold path).
        final StateEvidence.Assessment verdict = StateEvidence.assess(
            facts(C, asOfNanos, clientLast, clientSince, clientTimeWait),
            facts(S, asOfNanos, serverLast, serverSince, serverTimeWait), partial, timing.capturePoint(),
            asOfNanos);
        return new ConnectionRecord(
            new Endpoint(flows.clientHi(id), flows.clientLo(id), flows.clientPort(id)),
            new Endpoint(flows.serverHi(id), flows.serverLo(id), flows.serverPort(id)),
            flows.vlan(id),
            verdict.clientState(),
            verdict.serverState(),
            rec.firstSeen(),
            Math.max(rec.firstSeen(), Math.max(clientLast, serverLast)),
            rec.packets(C),
            rec.packets(S),
            rec.payloadBytes(C),
            rec.payloadBytes(S),
            rec.ipBytes(C),
            rec.ipBytes(S),
            history.render(id),
            partial,
            (int)rec.count(C, C_SYN_RETRANSMITS),
            clientSince,
            serverSince,
            rec.retransmits(C),
            rec.retransmits(S),
            activity(C, clientLast, clientTimeWait),
            activity(S, serverLast, serverTimeWait),
            (rec.meta() & F_REUSED_TIME_WAIT) != 0,
            verdict.client(),
            verdict.server());
    }

    private EndpointFacts facts(
        final int side, final long asOfNanos, final long lastPacket, final long stateSince, final long timeWaitSince)
    {
        final int peer = side ^ 1;
        final long isn = rules.isn(side);
        final long peerIsn = rules.isn(peer);
        // Sequence space past the SYN: data or a FIN sent, or no SYN seen to measure from.
        final boolean sentBeyondSyn = isn == SpillTable.ABSENT || rec.has(side, FIN_SENT) ||
            rec.sndNxt(side) != (int)isn + 1;
        final boolean ackedBeyondPeerSyn = rec.has(side, ACK_KNOWN) &&
            (peerIsn == SpillTable.ABSENT || !rec.has(peer, ISN_KNOWN) ||
                rec.maxAck(side) != (int)peerIsn + 1);
        return new EndpointFacts(states.stateAsOf(side, asOfNanos), rec.facts(side), rec.packets(side),
            rec.payloadBytes(side), (int)rec.count(side, C_FIN_RETRANSMITS), (int)rec.count(side, C_UNANSWERED),
            side == S ? (int)rec.count(side, C_SYN_RETRANSMITS) : 0, lastPacket,
            stateSince, sentBeyondSyn, ackedBeyondPeerSyn, timeWaitSince);
    }

    private EndpointActivity activity(final int side, final long lastPacket, final long timeWaitSince)
    {
        return new EndpointActivity(lastPacket, rec.time(side, E_LAST_PAYLOAD), (int)rec.count(side, C_FIN_RETRANSMITS),
            (int)rec.count(side, C_KEEPALIVES), (int)rec.count(side, C_ZERO_WINDOW_PROBES),
            (int)rec.count(side, C_UNANSWERED), rec.rstAfterPeerData(side), timeWaitSince);
    }
}
