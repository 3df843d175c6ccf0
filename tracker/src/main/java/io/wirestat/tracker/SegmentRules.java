package io.wirestat.tracker;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.SpillTable;
import io.wirestat.tracker.history.ConnectionHistory;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.EndpointEvent;
import io.wirestat.tracker.state.HandshakeTiming;
import io.wirestat.tracker.state.SeqNum;
import io.wirestat.tracker.state.TcpState;

import static io.wirestat.tracker.flow.ConnectionLayout.ACK_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.C_FIN_RETRANSMITS;
import static io.wirestat.tracker.flow.ConnectionLayout.C_KEEPALIVES;
import static io.wirestat.tracker.flow.ConnectionLayout.C_SYN_RETRANSMITS;
import static io.wirestat.tracker.flow.ConnectionLayout.C_UNANSWERED;
import static io.wirestat.tracker.flow.ConnectionLayout.C_ZERO_WINDOWS;
import static io.wirestat.tracker.flow.ConnectionLayout.C_ZERO_WINDOW_PROBES;
import static io.wirestat.tracker.flow.ConnectionLayout.E_LAST_PACKET;
import static io.wirestat.tracker.flow.ConnectionLayout.E_LAST_PAYLOAD;
import static io.wirestat.tracker.flow.ConnectionLayout.FIN_SENT;
import static io.wirestat.tracker.flow.ConnectionLayout.F_PARTIAL;
import static io.wirestat.tracker.flow.ConnectionLayout.ISN_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.OWN_FIN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.OWN_SYN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.PEER_FIN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.PEER_SYN_ACKED;
import static io.wirestat.tracker.flow.ConnectionLayout.SEQ_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.S_ISN;
import static io.wirestat.tracker.decode.TcpSegment.ACK;
import static io.wirestat.tracker.decode.TcpSegment.FIN;
import static io.wirestat.tracker.decode.TcpSegment.RST;
import static io.wirestat.tracker.decode.TcpSegment.SYN;

/**
 * What one segment from endpoint E to its peer P does to the record the cursor points at: first what E shows it
 * has received (its ACK), then what E sends (SYN, data, FIN, RST), as {@link EndpointEvent}s for both endpoints'
 * machines; plus the per-endpoint sequence bookkeeping (next sequence number, highest ACK, window, ISN and FIN)
 * that decides what a segment acknowledges and whether it is new, a retransmission, a keep-alive or a probe.
 * See docs/state-model.md. Allocation free.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
final class SegmentRules
{
    /** Linux's default window-scale shift, assumed when the handshake (and so the real shift) was not seen. */
    private static final int ASSUMED_WINDOW_SCALE = 7;

    private final Records rec;
    private final EndpointStates states;
    private final ConnectionHistory history;
    private final long[] counters;
    private final HandshakeTiming timing;
    private final HighestSequenceEnd highestEnd;

    SegmentRules(
        final Records rec, final EndpointStates states, final ConnectionHistory history, final long[] counters,
        final HandshakeTiming timing)
    {
        this.rec = rec;
        this.states = states;
        this.history = history;
        this.counters = counters;
        this.timing = timing;
        this.highestEnd = new HighestSequenceEnd(rec, history);
    }

    /**
     * Applies a segment to the cursor's record.
     *
     * @param sender 0 when the client sent it, 1 when the server did.
     */
    void apply(final int sender, final TcpSegment s, final long now)
    {
        final int id = rec.id();
        final int receiver = sender ^ 1;
        final boolean fromServer = sender == Records.SERVER;
        final int flags = s.flags;
        states.expireTimeWait(sender, now);
        states.expireTimeWait(receiver, now);
        final long previousFromSender = rec.time(sender, E_LAST_PACKET);
        if (now > previousFromSender)
        {
            rec.time(sender, E_LAST_PACKET, now);
        }
        rec.clearCount(receiver, C_UNANSWERED);
        if (s.payloadLength > 0)
        {
            rec.time(sender, E_LAST_PAYLOAD, now);
        }
        rec.addPacket(sender, s.payloadLength, s.ipLength);
        history.onSegment(id, fromServer, flags, s.seq, s.payloadLength);
        highestEnd.clear();
        if ((flags & RST) != 0)
        {
            applyFlags(sender, receiver, s, now, previousFromSender);
            return;
        }
        final int end = s.seq + s.payloadLength + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        final boolean newHighestEnd = highestEnd.check(id, fromServer, sender, s, end);
        applyFlags(sender, receiver, s, now, previousFromSender);
        highestEnd.settle(sender, end, newHighestEnd);
    }

    private void applyFlags(
        final int sender, final int receiver, final TcpSegment s, final long now, final long previousFromSender)
    {
        final int id = rec.id();
        final boolean fromServer = sender == Records.SERVER;
        final int flags = s.flags;
        final boolean syn = (flags & SYN) != 0;
        final boolean ack = (flags & ACK) != 0;
        final boolean fin = (flags & FIN) != 0;
        final boolean rst = (flags & RST) != 0;
        if ((syn && (fin || rst)) || (!syn && !ack && !rst))
        {
            // SYN+FIN, SYN+RST, or a segment with neither SYN, ACK nor RST (FIN alone, a null scan): no TCP stack
            // moves state on these; count them and leave the machine alone.
            counters[TrackerCounter.INVALID_FLAGS]++;
            return;
        }
        if (rst)
        {
            onRst(sender, receiver, s, now, previousFromSender);
            return;
        }
        if (s.window == 0 && !syn && !rec.has(receiver, FIN_SENT))
        {
            history.onZeroWindow(id, fromServer, rec.increment(sender, C_ZERO_WINDOWS));
        }
        if (ack && !syn)
        {
            pickUp(sender, receiver, now);
        }
        if (ack)
        {
            onAck(sender, receiver, s.ack, s.window, now);
        }
        if (syn)
        {
            onSyn(sender, receiver, s, now);
        }
        else
        {
            onPayload(sender, receiver, s, fin);
        }
        if (fin)
        {
            onFin(sender, s, now);
        }
    }

    /** @return the endpoint's ISN, or {@link SpillTable#ABSENT} if unknown (never sent, or lost to its FIN). */
    long isn(final int side)
    {
        if (!rec.has(side, ISN_KNOWN))
        {
            return SpillTable.ABSENT;
        }
        if (!rec.has(side, FIN_SENT))
        {
            return rec.isnOrFin(side);
        }
        return rec.spilled(side, S_ISN);
    }

    /** @return true while the handshake of the cursor's record had one SYN and one SYN-ACK (a clean timing). */
    private boolean onceEach()
    {
        return (rec.meta() & F_PARTIAL) == 0 && rec.count(Records.CLIENT, C_SYN_RETRANSMITS) == 0 &&
            rec.count(Records.SERVER, C_SYN_RETRANSMITS) == 0;
    }

    /** Moves SND.NXT, keeping Zeek's highest sequence end (stored relative to it) where it was. */
    private void sndNxt(final int side, final int value)
    {
        highestEnd.moveSndNxt(side, value);
    }

    /**
     * The first sign of an established connection whose handshake the capture missed: an ACK without SYN from an
     * endpoint we know nothing of, or from a client whose SYN-ACK was not captured.
     */
    private void pickUp(final int sender, final int receiver, final long now)
    {
        final byte st = rec.state(sender);
        if (st == TcpState.UNKNOWN || st == TcpState.LISTEN ||
            (st == TcpState.SYN_SENT && !rec.has(receiver, ISN_KNOWN)))
        {
            rec.addMeta(F_PARTIAL);
            states.set(sender, TcpState.ESTABLISHED, now);
            final byte rs = rec.state(receiver);
            if (rs == TcpState.UNKNOWN || rs == TcpState.LISTEN)
            {
                // The ACK acknowledges the peer's bytes: the peer is synchronized too.
                states.set(receiver, TcpState.ESTABLISHED, now);
            }
        }
    }

    private void onAck(final int sender, final int receiver, final int ackNo, final int window, final long now)
    {
        if (!rec.has(sender, ACK_KNOWN) || SeqNum.after(ackNo, rec.maxAck(sender)))
        {
            rec.maxAck(sender, ackNo);
        }
        rec.addFacts(sender, ACK_KNOWN);
        rec.window(sender, window);

        final long peerIsn = isn(receiver);
        if (peerIsn != SpillTable.ABSENT && !rec.has(sender, PEER_SYN_ACKED) &&
            SeqNum.atOrAfter(ackNo, (int)peerIsn + 1))
        {
            rec.addFacts(sender, PEER_SYN_ACKED);
            states.apply(sender, EndpointEvent.PEER_SYN_ACKED, now);
            if (sender == Records.CLIENT && timing.sampling() && onceEach())
            {
                timing.ack(rec.id(), now);
            }
            rec.addFacts(receiver, OWN_SYN_ACKED);
            states.apply(receiver, EndpointEvent.OWN_SYN_ACKED, now);
        }
        if (rec.has(receiver, FIN_SENT) && !rec.has(sender, PEER_FIN_ACKED) &&
            SeqNum.atOrAfter(ackNo, rec.isnOrFin(receiver) + 1))
        {
            rec.addFacts(sender, PEER_FIN_ACKED);
            states.apply(sender, EndpointEvent.PEER_FIN_ACKED, now);
            rec.addFacts(receiver, OWN_FIN_ACKED);
            states.apply(receiver, EndpointEvent.OWN_FIN_ACKED, now);
        }
    }

    private void onSyn(final int sender, final int receiver, final TcpSegment s, final long now)
    {
        final boolean ack = (s.flags & ACK) != 0;
        if (rec.has(sender, ISN_KNOWN))
        {
            if (s.seq == isn(sender))
            {
                counters[TrackerCounter.SYN_RETRANSMITS]++;
                // The client's SYNs, the server's SYN-ACKs: each side's count of its own handshake segment.
                if (ack ? sender == Records.SERVER : sender == Records.CLIENT)
                {
                    rec.increment(sender, C_SYN_RETRANSMITS);
                }
            }
            return;
        }
        rec.addFacts(sender, ISN_KNOWN | SEQ_KNOWN);
        rec.isnOrFin(sender, s.seq);
        sndNxt(sender, s.seq + 1 + s.payloadLength);
        if (s.windowScale >= 0)
        {
            rec.windowScale(sender, s.windowScale);
        }
        if (ack)
        {
            if (!rec.has(receiver, ISN_KNOWN))
            {
                // The SYN this answers was not captured; the SYN-ACK itself proves the peer sent one.
                rec.addMeta(F_PARTIAL);
                if (!rec.has(receiver, OWN_SYN_ACKED))
                {
                    rec.addFacts(receiver, OWN_SYN_ACKED);
                    states.apply(receiver, EndpointEvent.OWN_SYN_ACKED, now);
                }
            }
            states.apply(sender, EndpointEvent.SYNACK_OUT, now);
            if (sender == Records.SERVER && timing.sampling() && rec.has(receiver, ISN_KNOWN) && onceEach())
            {
                timing.synAck(rec.id(), rec.firstSeen(), now);
            }
        }
        else
        {
            states.apply(sender, EndpointEvent.SYN_OUT, now);
        }
    }

    private void onPayload(final int sender, final int receiver, final TcpSegment s, final boolean fin)
    {
        final int len = s.payloadLength;
        final int seq = s.seq;
        if (!rec.has(sender, SEQ_KNOWN))
        {
            rec.addFacts(sender, SEQ_KNOWN);
            sndNxt(sender, seq + len);
            return;
        }
        final int nxt = rec.sndNxt(sender);
        if (!fin && len <= 1 && seq == nxt - 1)
        {
            // Wireshark's keep-alive rule: zero or one byte just below the next sequence number.
            counters[TrackerCounter.KEEPALIVES]++;
            rec.increment(sender, C_KEEPALIVES);
            rec.increment(sender, C_UNANSWERED);
            return;
        }
        if (len == 1 && seq == nxt && rec.has(receiver, ACK_KNOWN) && rec.window(receiver) == 0)
        {
            counters[TrackerCounter.ZERO_WINDOW_PROBES]++;
            rec.increment(sender, C_ZERO_WINDOW_PROBES);
            return;
        }
        if (len > 0)
        {
            final int end = seq + len;
            if (SeqNum.after(end, nxt))
            {
                sndNxt(sender, end);
            }
            else
            {
                rec.addRetransmit(sender);
                rec.increment(sender, C_UNANSWERED);
                counters[TrackerCounter.RETRANSMITS]++;
            }
        }
    }

    private void onFin(final int sender, final TcpSegment s, final long now)
    {
        final int finSeq = s.seq + s.payloadLength;
        if (rec.has(sender, FIN_SENT))
        {
            if (finSeq == rec.isnOrFin(sender))
            {
                rec.increment(sender, C_FIN_RETRANSMITS);
                if (s.payloadLength == 0)
                {
                    // With payload, onPayload already counted this segment as a retransmission.
                    counters[TrackerCounter.RETRANSMITS]++;
                    rec.increment(sender, C_UNANSWERED);
                }
            }
            return;
        }
        if (rec.has(sender, ISN_KNOWN) && !rec.has(sender, OWN_SYN_ACKED))
        {
            // The FIN takes the ISN's place in the record; while the SYN is unacknowledged the ISN still decides
            // what the peer's ACK means, so it moves to the spill table (rare: a FIN before the handshake ended).
            rec.spill(sender, S_ISN, rec.isnOrFin(sender));
        }
        rec.addFacts(sender, FIN_SENT | SEQ_KNOWN);
        rec.isnOrFin(sender, finSeq);
        if (SeqNum.after(finSeq + 1, rec.sndNxt(sender)))
        {
            sndNxt(sender, finSeq + 1);
        }
        states.apply(sender, EndpointEvent.FIN_OUT, now);
    }

    private void onRst(
        final int sender, final int receiver, final TcpSegment s, final long now, final long previousFromSender)
    {
        if (!rstAcceptable(sender, receiver, s))
        {
            counters[TrackerCounter.OUT_OF_WINDOW_RSTS]++;
            return;
        }
        final long peerPayload = rec.time(receiver, E_LAST_PAYLOAD);
        if (rec.state(sender) == TcpState.ESTABLISHED && rec.state(receiver) == TcpState.ESTABLISHED &&
            peerPayload != EndpointActivity.NEVER && peerPayload >= previousFromSender)
        {
            // The peer's data was the last thing on the wire and the answer is a reset: the sender has no state
            // for this connection any more (rebooted, or its half timed out).
            rec.markRstAfterPeerData(sender);
        }
        states.apply(sender, EndpointEvent.RST, now);
        states.apply(receiver, EndpointEvent.RST, now);
    }

    /**
     * RFC 9293 §3.10.7 / RFC 5961 §3: a RST counts only if its sequence number is in the receiver's window
     * (Linux then resets at once or answers a challenge ACK; either way an in-window RST is the real thing).
     */
    private boolean rstAcceptable(final int sender, final int receiver, final TcpSegment s)
    {
        if (rec.has(receiver, ACK_KNOWN))
        {
            final long window = Math.max(1L, scaledWindow(receiver));
            if (SeqNum.inWindow(s.seq, rec.maxAck(receiver), window))
            {
                return true;
            }
            return rec.has(sender, SEQ_KNOWN) && s.seq == rec.sndNxt(sender);
        }
        final long peerIsn = isn(receiver);
        if (peerIsn != SpillTable.ABSENT)
        {
            // A RST answering a SYN (RFC 9293 §3.10.7.3): acceptable if it acknowledges that SYN.
            return (s.flags & ACK) != 0 &&
                SeqNum.atOrAfter(s.ack, (int)peerIsn + 1) && !SeqNum.after(s.ack, rec.sndNxt(receiver));
        }
        // Nothing known of the receiver's sequence space (mid-stream, one direction seen): nothing to check against.
        return true;
    }

    private long scaledWindow(final int side)
    {
        final int own = rec.windowScale(side);
        final int peer = rec.windowScale(side ^ 1);
        final int shift;
        if (own >= 0 && peer >= 0)
        {
            shift = own;
        }
        else if (!rec.has(side, ISN_KNOWN) || !rec.has(side ^ 1, ISN_KNOWN))
        {
            shift = ASSUMED_WINDOW_SCALE;
        }
        else
        {
            shift = 0;
        }
        return (long)rec.window(side) << shift;
    }
}
