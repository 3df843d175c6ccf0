package io.wirestat.tracker;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.EvictionOrder;
import io.wirestat.tracker.flow.FlowTable;
import io.wirestat.tracker.history.ConnectionHistory;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.EndpointEvent;
import io.wirestat.tracker.state.SeqNum;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.state.TcpTransitions;

import java.util.Arrays;
import java.util.function.Consumer;

import static io.wirestat.tracker.EndpointColumns.ACK_KNOWN;
import static io.wirestat.tracker.EndpointColumns.FIN_SENT;
import static io.wirestat.tracker.EndpointColumns.HIGHEST_END_KNOWN;
import static io.wirestat.tracker.EndpointColumns.ISN_KNOWN;
import static io.wirestat.tracker.EndpointColumns.OWN_FIN_ACKED;
import static io.wirestat.tracker.EndpointColumns.OWN_SYN_ACKED;
import static io.wirestat.tracker.EndpointColumns.PEER_FIN_ACKED;
import static io.wirestat.tracker.EndpointColumns.PEER_SYN_ACKED;
import static io.wirestat.tracker.EndpointColumns.SEQ_KNOWN;
import static io.wirestat.tracker.EndpointColumns.WSCALE_OFFERED;
import static io.wirestat.tracker.decode.TcpSegment.ACK;
import static io.wirestat.tracker.decode.TcpSegment.FIN;
import static io.wirestat.tracker.decode.TcpSegment.RST;
import static io.wirestat.tracker.decode.TcpSegment.SYN;

/**
 * One tracker shard: the flow table and both endpoints' state machines for every connection routed to it.
 * <p>
 * Each segment from endpoint E to its peer P becomes {@link EndpointEvent}s, applied through
 * {@link TcpTransitions}: first what E shows it has received (its ACK), then what E sends (SYN, FIN), and for P
 * what of P's E acknowledged. See docs/state-model.md. Time is packet time only: TIME_WAIT expires when a later
 * packet (or the report's as-of time) is 2·MSL past it.
 * <p>
 * Allocation free per segment; the tables grow by doubling when full. Not thread safe; owned by one shard thread.
 */
public final class TcpTracker
{
    private static final byte PARTIAL = 1;
    private static final byte REUSED_TIME_WAIT = 2;
    /** Linux's default window-scale shift, assumed when the handshake (and so the real shift) was not seen. */
    private static final int ASSUMED_WINDOW_SCALE = 7;
    private static final int WELL_KNOWN_PORT_LIMIT = 1024;

    private final long timeWaitNanos;
    private final boolean vlanInKey;
    private final int maxConnections;
    private final FlowTable flows;
    private final EvictionOrder evictionOrder;
    private final EndpointColumns ep;
    private final ConnectionHistory history;
    private final long[] counters = new long[TrackerCounter.COUNT];

    private long[] firstSeen;
    private long[] lastSeen;
    private byte[] recordFlags;
    private int[] synRetransmits;
    private long latestNanos = Long.MIN_VALUE;
    /** True once any segment carried a VLAN tag: until then no lookup can be an asymmetric-VLAN case. */
    private boolean sawVlan;

    public TcpTracker(final TrackerConfig config)
    {
        this.timeWaitNanos = config.timeWaitNanos();
        this.vlanInKey = config.vlanInKey();
        this.maxConnections = config.maxConnections();
        final int capacity = config.initialCapacity();
        flows = new FlowTable(capacity);
        evictionOrder = new EvictionOrder(capacity);
        ep = new EndpointColumns(capacity);
        history = new ConnectionHistory(capacity);
        firstSeen = new long[capacity];
        lastSeen = new long[capacity];
        recordFlags = new byte[capacity];
        synRetransmits = new int[capacity];
    }

    /**
     * Applies one segment. Allocation free on the steady path (the table grows by doubling when full).
     *
     * @param segment decoded segment; not retained.
     */
    public void onSegment(final TcpSegment segment)
    {
        counters[TrackerCounter.SEGMENTS]++;
        final long now = segment.timestampNanos;
        if (now > latestNanos)
        {
            latestNanos = now;
        }
        final int vlan = vlanInKey ? segment.vlan : 0;
        sawVlan |= vlan != 0;
        final int hash = segment.flowHash;
        int found = flows.find(
            hash, segment.srcHi, segment.srcLo, segment.srcPort, segment.dstHi, segment.dstLo, segment.dstPort, vlan);
        if (found == FlowTable.NOT_FOUND && sawVlan)
        {
            found = adoptAsymmetricVlan(segment, hash, vlan);
        }
        final int flags = segment.flags;

        int id;
        boolean fromServer;
        if (found == FlowTable.NOT_FOUND)
        {
            final boolean srcIsClient = srcIsClient(segment);
            id = newRecord(segment, hash, vlan, srcIsClient, now);
            if (id < 0)
            {
                return;
            }
            fromServer = !srcIsClient;
        }
        else
        {
            id = found >>> 1;
            fromServer = (found & FlowTable.FROM_SERVER) != 0;
            if ((flags & (SYN | ACK | RST | FIN)) == SYN && isReuse(id, fromServer, segment.seq))
            {
                counters[TrackerCounter.PORT_REUSES]++;
                final boolean inTimeWait = inTimeWait(id * 2, now) || inTimeWait(id * 2 + 1, now);
                id = newRecord(segment, hash, vlan, true, now);
                if (id < 0)
                {
                    return;
                }
                if (inTimeWait)
                {
                    recordFlags[id] |= REUSED_TIME_WAIT;
                }
                fromServer = false;
            }
        }
        process(id, fromServer, segment, now);
        evictionOrder.moveTo(id, evictionClass(id));
    }

    /**
     * Reports every connection record (closed ones included), in order of first packet, as of a point in
     * packet time (TIME_WAIT that has lasted 2·MSL by then is reported CLOSED). Cold path.
     *
     * @param asOfNanos packet time to report at, normally the capture's last timestamp.
     * @param sink      receives each record.
     */
    public void snapshot(final long asOfNanos, final Consumer<ConnectionRecord> sink)
    {
        final int size = flows.size();
        for (int id = 0; id < size; id++)
        {
            if (flows.isLive(id))
            {
                sink.accept(record(id, asOfNanos));
            }
        }
    }

    /**
     * The same records as {@link #snapshot}, in {@link ConnectionRecord#FIRST_SEEN_ORDER}, built lazily one at a
     * time: the order is found on primitive arrays first, so nothing but the record being handed out is held.
     *
     * @param asOfNanos packet time to report at.
     * @return a cursor over every record held.
     */
    public SnapshotCursor cursor(final long asOfNanos)
    {
        return new OrderedSnapshot(liveIdsInFirstSeenOrder(), asOfNanos, this::record);
    }

    private int[] liveIdsInFirstSeenOrder()
    {
        final int size = flows.size();
        int n = 0;
        for (int id = 0; id < size; id++)
        {
            if (flows.isLive(id))
            {
                n++;
            }
        }
        final int[] ids = new int[n];
        final long[] keys = new long[n];
        n = 0;
        for (int id = 0; id < size; id++)
        {
            if (flows.isLive(id))
            {
                ids[n] = id;
                keys[n] = firstSeen[id];
                n++;
            }
        }
        OrderedSnapshot.sortByKey(ids, keys);
        return ids;
    }

    /**
     * @param id a {@link TrackerCounter} id.
     * @return its value.
     */
    public long counter(final int id)
    {
        return counters[id];
    }

    /** @return the newest packet timestamp seen, or Long.MIN_VALUE before any. */
    public long latestTimestampNanos()
    {
        return latestNanos;
    }

    /** @return connection records held (closed and replaced ones included, evicted ones not). */
    public int connectionCount()
    {
        return flows.liveCount();
    }

    private void process(final int id, final boolean fromServer, final TcpSegment s, final long now)
    {
        final int sRow = id * 2 + (fromServer ? 1 : 0);
        final int rRow = sRow ^ 1;
        final int flags = s.flags;
        if (now > lastSeen[id])
        {
            lastSeen[id] = now;
        }
        expireTimeWait(sRow, now);
        expireTimeWait(rRow, now);
        final long previousFromSender = ep.lastPacket(sRow);
        ep.lastPacket(sRow, now);
        ep.unansweredProbes(rRow, 0);
        if (s.payloadLength > 0)
        {
            ep.lastPayload(sRow, now);
        }
        ep.packets(sRow, ep.packets(sRow) + 1);
        ep.payloadBytes(sRow, ep.payloadBytes(sRow) + s.payloadLength);
        ep.ipBytes(sRow, ep.ipBytes(sRow) + s.ipLength);
        history.onSegment(id, fromServer, flags, s.seq, s.payloadLength);
        if ((flags & RST) == 0)
        {
            zeekRetransmitCheck(id, fromServer, sRow, s);
        }

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
            onRst(sRow, rRow, s, now, previousFromSender);
            return;
        }
        if (s.window == 0 && !syn && (ep.facts(rRow) & FIN_SENT) == 0)
        {
            history.onZeroWindow(id, fromServer);
        }
        if (ack && !syn)
        {
            pickUp(id, sRow, rRow, now);
        }
        if (ack)
        {
            onAck(sRow, rRow, s.ack, s.window, now);
        }
        if (syn)
        {
            onSyn(id, fromServer, sRow, rRow, s, now);
        }
        else
        {
            onPayload(id, fromServer, sRow, rRow, s, fin);
        }
        if (fin)
        {
            onFin(sRow, s, now);
        }
    }

    /**
     * Some networks tag the two directions of one connection differently (one tagged, one not; or two VLAN ids).
     * A segment on a new VLAN joins a record with the same addresses and ports whose direction it travels in has
     * carried nothing yet; otherwise it is a different connection in another VLAN context. Cold: only on a miss.
     *
     * @return the adopted record as {@code id << 1 | direction}, or NOT_FOUND.
     */
    private int adoptAsymmetricVlan(final TcpSegment segment, final int hash, final int vlan)
    {
        final int other = flows.findOnOtherVlan(
            hash, segment.srcHi, segment.srcLo, segment.srcPort, segment.dstHi, segment.dstLo, segment.dstPort);
        if (other == FlowTable.NOT_FOUND)
        {
            return FlowTable.NOT_FOUND;
        }
        final int id = other >>> 1;
        final boolean fromServer = (other & FlowTable.FROM_SERVER) != 0;
        if (ep.packets(id * 2 + (fromServer ? 1 : 0)) != 0)
        {
            return FlowTable.NOT_FOUND;
        }
        flows.bindDirectionVlan(id, fromServer, vlan);
        return other;
    }

    /**
     * Zeek's retransmission letter (update_last_seq): payload ending at or below the side's highest sequence end.
     * Kept apart from our own classification (Wireshark's: keep-alives and window probes are not retransmissions)
     * so the history string stays comparable with Zeek's conn.log.
     */
    private void zeekRetransmitCheck(final int id, final boolean fromServer, final int sRow, final TcpSegment s)
    {
        final int flags = s.flags;
        final int end = s.seq + s.payloadLength + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        if ((ep.facts(sRow) & HIGHEST_END_KNOWN) == 0)
        {
            ep.facts(sRow, ep.facts(sRow) | HIGHEST_END_KNOWN);
            ep.highestEnd(sRow, end);
            return;
        }
        if (SeqNum.after(end, ep.highestEnd(sRow)))
        {
            ep.highestEnd(sRow, end);
        }
        else if (s.payloadLength > 0)
        {
            history.onRetransmit(id, fromServer);
        }
    }

    /**
     * The first sign of an established connection whose handshake the capture missed: an ACK without SYN from an
     * endpoint we know nothing of, or from a client whose SYN-ACK was not captured.
     */
    private void pickUp(final int id, final int sRow, final int rRow, final long now)
    {
        final byte st = ep.state(sRow);
        if (st == TcpState.UNKNOWN || st == TcpState.LISTEN ||
            (st == TcpState.SYN_SENT && (ep.facts(rRow) & ISN_KNOWN) == 0))
        {
            recordFlags[id] |= PARTIAL;
            setState(sRow, TcpState.ESTABLISHED, now);
            final byte rs = ep.state(rRow);
            if (rs == TcpState.UNKNOWN || rs == TcpState.LISTEN)
            {
                // The ACK acknowledges the peer's bytes: the peer is synchronized too.
                setState(rRow, TcpState.ESTABLISHED, now);
            }
        }
    }

    private void onAck(final int sRow, final int rRow, final int ackNo, final int window, final long now)
    {
        if ((ep.facts(sRow) & ACK_KNOWN) == 0 || SeqNum.after(ackNo, ep.maxAck(sRow)))
        {
            ep.maxAck(sRow, ackNo);
        }
        ep.facts(sRow, ep.facts(sRow) | ACK_KNOWN);
        ep.window(sRow, window);

        final int peerFacts = ep.facts(rRow);
        if ((peerFacts & ISN_KNOWN) != 0 && (ep.facts(sRow) & PEER_SYN_ACKED) == 0 &&
            SeqNum.atOrAfter(ackNo, ep.isn(rRow) + 1))
        {
            ep.facts(sRow, ep.facts(sRow) | PEER_SYN_ACKED);
            apply(sRow, EndpointEvent.PEER_SYN_ACKED, now);
            ep.facts(rRow, ep.facts(rRow) | OWN_SYN_ACKED);
            apply(rRow, EndpointEvent.OWN_SYN_ACKED, now);
        }
        if ((peerFacts & FIN_SENT) != 0 && (ep.facts(sRow) & PEER_FIN_ACKED) == 0 &&
            SeqNum.atOrAfter(ackNo, ep.finSeq(rRow) + 1))
        {
            ep.facts(sRow, ep.facts(sRow) | PEER_FIN_ACKED);
            apply(sRow, EndpointEvent.PEER_FIN_ACKED, now);
            ep.facts(rRow, ep.facts(rRow) | OWN_FIN_ACKED);
            apply(rRow, EndpointEvent.OWN_FIN_ACKED, now);
        }
    }

    private void onSyn(
        final int id, final boolean fromServer, final int sRow, final int rRow, final TcpSegment s, final long now)
    {
        final boolean ack = (s.flags & ACK) != 0;
        if ((ep.facts(sRow) & ISN_KNOWN) != 0)
        {
            if (s.seq == ep.isn(sRow))
            {
                counters[TrackerCounter.SYN_RETRANSMITS]++;
                if (!ack && !fromServer)
                {
                    synRetransmits[id]++;
                }
            }
            return;
        }
        ep.facts(sRow, ep.facts(sRow) | ISN_KNOWN | SEQ_KNOWN);
        ep.isn(sRow, s.seq);
        ep.sndNxt(sRow, s.seq + 1 + s.payloadLength);
        if (s.windowScale >= 0)
        {
            ep.windowScale(sRow, (byte)s.windowScale);
            ep.facts(sRow, ep.facts(sRow) | WSCALE_OFFERED);
        }
        if (ack)
        {
            if ((ep.facts(rRow) & ISN_KNOWN) == 0)
            {
                // The SYN this answers was not captured; the SYN-ACK itself proves the peer sent one.
                recordFlags[id] |= PARTIAL;
                if ((ep.facts(rRow) & OWN_SYN_ACKED) == 0)
                {
                    ep.facts(rRow, ep.facts(rRow) | OWN_SYN_ACKED);
                    apply(rRow, EndpointEvent.OWN_SYN_ACKED, now);
                }
            }
            apply(sRow, EndpointEvent.SYNACK_OUT, now);
        }
        else
        {
            apply(sRow, EndpointEvent.SYN_OUT, now);
        }
    }

    private void onPayload(
        final int id, final boolean fromServer, final int sRow, final int rRow, final TcpSegment s, final boolean fin)
    {
        final int len = s.payloadLength;
        final int seq = s.seq;
        if ((ep.facts(sRow) & SEQ_KNOWN) == 0)
        {
            ep.facts(sRow, ep.facts(sRow) | SEQ_KNOWN);
            ep.sndNxt(sRow, seq + len);
            return;
        }
        final int nxt = ep.sndNxt(sRow);
        if (!fin && len <= 1 && seq == nxt - 1)
        {
            // Wireshark's keep-alive rule: zero or one byte just below the next sequence number.
            counters[TrackerCounter.KEEPALIVES]++;
            ep.keepalives(sRow, ep.keepalives(sRow) + 1);
            ep.unansweredProbes(sRow, ep.unansweredProbes(sRow) + 1);
            return;
        }
        if (len == 1 && seq == nxt && (ep.facts(rRow) & ACK_KNOWN) != 0 && ep.window(rRow) == 0)
        {
            counters[TrackerCounter.ZERO_WINDOW_PROBES]++;
            ep.zeroWindowProbes(sRow, ep.zeroWindowProbes(sRow) + 1);
            return;
        }
        if (len > 0)
        {
            final int end = seq + len;
            if (SeqNum.after(end, nxt))
            {
                ep.sndNxt(sRow, end);
            }
            else
            {
                ep.retransmits(sRow, ep.retransmits(sRow) + 1);
                ep.unansweredProbes(sRow, ep.unansweredProbes(sRow) + 1);
                counters[TrackerCounter.RETRANSMITS]++;
            }
        }
    }

    private void onFin(final int sRow, final TcpSegment s, final long now)
    {
        final int finSeq = s.seq + s.payloadLength;
        if ((ep.facts(sRow) & FIN_SENT) != 0)
        {
            if (finSeq == ep.finSeq(sRow))
            {
                ep.finRetransmits(sRow, ep.finRetransmits(sRow) + 1);
                if (s.payloadLength == 0)
                {
                    // With payload, onPayload already counted this segment as a retransmission.
                    counters[TrackerCounter.RETRANSMITS]++;
                    ep.unansweredProbes(sRow, ep.unansweredProbes(sRow) + 1);
                }
            }
            return;
        }
        ep.facts(sRow, ep.facts(sRow) | FIN_SENT | SEQ_KNOWN);
        ep.finSeq(sRow, finSeq);
        if (SeqNum.after(finSeq + 1, ep.sndNxt(sRow)))
        {
            ep.sndNxt(sRow, finSeq + 1);
        }
        apply(sRow, EndpointEvent.FIN_OUT, now);
    }

    private void onRst(
        final int sRow, final int rRow, final TcpSegment s, final long now, final long previousFromSender)
    {
        if (!rstAcceptable(sRow, rRow, s))
        {
            counters[TrackerCounter.OUT_OF_WINDOW_RSTS]++;
            return;
        }
        if (ep.state(sRow) == TcpState.ESTABLISHED && ep.state(rRow) == TcpState.ESTABLISHED &&
            ep.lastPayload(rRow) != EndpointActivity.NEVER && ep.lastPayload(rRow) >= previousFromSender)
        {
            // The peer's data was the last thing on the wire and the answer is a reset: the sender has no state
            // for this connection any more (rebooted, or its half timed out).
            ep.rstAfterPeerData(sRow, (byte)1);
        }
        apply(sRow, EndpointEvent.RST, now);
        apply(rRow, EndpointEvent.RST, now);
    }

    /**
     * RFC 9293 §3.10.7 / RFC 5961 §3: a RST counts only if its sequence number is in the receiver's window
     * (Linux then resets at once or answers a challenge ACK; either way an in-window RST is the real thing).
     */
    private boolean rstAcceptable(final int sRow, final int rRow, final TcpSegment s)
    {
        final int peerFacts = ep.facts(rRow);
        if ((peerFacts & ACK_KNOWN) != 0)
        {
            final long window = Math.max(1L, scaledWindow(rRow));
            if (SeqNum.inWindow(s.seq, ep.maxAck(rRow), window))
            {
                return true;
            }
            return (ep.facts(sRow) & SEQ_KNOWN) != 0 && s.seq == ep.sndNxt(sRow);
        }
        if ((peerFacts & ISN_KNOWN) != 0)
        {
            // A RST answering a SYN (RFC 9293 §3.10.7.3): acceptable if it acknowledges that SYN.
            return (s.flags & ACK) != 0 &&
                SeqNum.atOrAfter(s.ack, ep.isn(rRow) + 1) && !SeqNum.after(s.ack, ep.sndNxt(rRow));
        }
        // Nothing known of the receiver's sequence space (mid-stream, one direction seen): nothing to check against.
        return true;
    }

    private long scaledWindow(final int row)
    {
        final int both = ep.facts(row) & ep.facts(row ^ 1) & WSCALE_OFFERED;
        final int shift;
        if (both != 0)
        {
            shift = ep.windowScale(row);
        }
        else if ((ep.facts(row) & ISN_KNOWN) == 0 || (ep.facts(row ^ 1) & ISN_KNOWN) == 0)
        {
            shift = ASSUMED_WINDOW_SCALE;
        }
        else
        {
            shift = 0;
        }
        return (long)ep.window(row) << shift;
    }

    private void apply(final int row, final int event, final long now)
    {
        final byte current = ep.state(row);
        byte next = TcpTransitions.next(current, event);
        if (next == TcpState.IGNORE)
        {
            return;
        }
        if (next == TcpTransitions.SYN_RECV_OR_ESTABLISHED)
        {
            next = (ep.facts(row) & OWN_SYN_ACKED) != 0 ? TcpState.ESTABLISHED : TcpState.SYN_RECV;
        }
        setState(row, next, now);
    }

    private void setState(final int row, final byte next, final long now)
    {
        if (ep.state(row) != next)
        {
            ep.state(row, next);
            ep.stateSince(row, now);
            if (next == TcpState.TIME_WAIT)
            {
                ep.timeWaitSince(row, now);
            }
        }
    }

    private void expireTimeWait(final int row, final long now)
    {
        if (ep.state(row) == TcpState.TIME_WAIT && now - ep.stateSince(row) >= timeWaitNanos)
        {
            // The table decides where TIME_WAIT goes on its timer; the state changed when 2·MSL ran out, not now.
            ep.state(row, TcpTransitions.next(TcpState.TIME_WAIT, EndpointEvent.TIMEOUT));
            ep.stateSince(row, ep.stateSince(row) + timeWaitNanos);
        }
    }

    /**
     * A SYN (without ACK) on a 4-tuple that has a record: a new connection unless it repeats the sender's ISN
     * (a retransmission) or is the second SYN of a simultaneous open.
     */
    private boolean isReuse(final int id, final boolean fromServer, final int seq)
    {
        final int sRow = id * 2 + (fromServer ? 1 : 0);
        if ((ep.facts(sRow) & ISN_KNOWN) != 0)
        {
            return seq != ep.isn(sRow);
        }
        final int rRow = sRow ^ 1;
        if ((ep.facts(rRow) & ISN_KNOWN) != 0 && (ep.facts(rRow) & ACK_KNOWN) != 0 && ep.maxAck(rRow) == seq + 1)
        {
            // The peer's SYN-ACK already acknowledged exactly this SYN: the capture reordered the handshake.
            return false;
        }
        final byte clientState = ep.state(id * 2);
        final byte serverState = ep.state(id * 2 + 1);
        final boolean simultaneousOpen = fromServer && clientState == TcpState.SYN_SENT &&
            (serverState == TcpState.UNKNOWN || serverState == TcpState.LISTEN);
        return !simultaneousOpen;
    }

    /**
     * Who is the client of a connection first seen with this segment: the SYN's sender; the SYN-ACK's receiver;
     * otherwise Zeek's guess: the well-known port's side, else the lower port's side, is the server.
     */
    private static boolean srcIsClient(final TcpSegment s)
    {
        final int flags = s.flags & (SYN | ACK);
        if (flags == SYN)
        {
            return true;
        }
        if (flags == (SYN | ACK))
        {
            return false;
        }
        final boolean srcWellKnown = s.srcPort < WELL_KNOWN_PORT_LIMIT;
        final boolean dstWellKnown = s.dstPort < WELL_KNOWN_PORT_LIMIT;
        if (srcWellKnown != dstWellKnown)
        {
            return dstWellKnown;
        }
        return s.srcPort >= s.dstPort;
    }

    /**
     * @return the new record's id, or -1 when the table is full of active connections (the segment is then
     *         dropped and counted).
     */
    private int newRecord(
        final TcpSegment s, final int hash, final int vlan, final boolean srcIsClient, final long now)
    {
        if (flows.liveCount() >= maxConnections && !evictOne())
        {
            counters[TrackerCounter.TABLE_FULL_DROPS]++;
            return -1;
        }
        final int id = srcIsClient ?
            flows.insert(hash, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort, vlan) :
            flows.insert(hash, s.dstHi, s.dstLo, s.dstPort, s.srcHi, s.srcLo, s.srcPort, vlan);
        final int capacity = flows.capacity();
        if (capacity > firstSeen.length)
        {
            ep.ensureCapacity(capacity);
            history.ensureCapacity(capacity);
            firstSeen = Arrays.copyOf(firstSeen, capacity);
            lastSeen = Arrays.copyOf(lastSeen, capacity);
            recordFlags = Arrays.copyOf(recordFlags, capacity);
            synRetransmits = Arrays.copyOf(synRetransmits, capacity);
            evictionOrder.ensureCapacity(capacity);
        }
        ep.init(id * 2, now);
        ep.init(id * 2 + 1, now);
        history.clear(id);
        firstSeen[id] = now;
        lastSeen[id] = now;
        synRetransmits[id] = 0;
        recordFlags[id] = 0;
        counters[TrackerCounter.CONNECTIONS]++;
        if ((s.flags & (SYN | ACK)) != SYN)
        {
            recordFlags[id] = PARTIAL;
            counters[TrackerCounter.MIDSTREAM_PICKUPS]++;
        }
        return id;
    }

    private boolean inTimeWait(final int row, final long now)
    {
        return ep.state(row) == TcpState.TIME_WAIT && now - ep.stateSince(row) < timeWaitNanos;
    }

    /** Drops the oldest finished record, else the oldest half-open one. @return false if there was neither. */
    private boolean evictOne()
    {
        int victim = evictionOrder.oldest(EvictionOrder.FINISHED);
        int counter = TrackerCounter.EVICTED_FINISHED;
        if (victim < 0)
        {
            victim = evictionOrder.oldest(EvictionOrder.HALF_OPEN);
            counter = TrackerCounter.EVICTED_HALF_OPEN;
        }
        if (victim < 0)
        {
            return false;
        }
        counters[counter]++;
        evictionOrder.remove(victim);
        flows.remove(victim);
        return true;
    }

    private byte evictionClass(final int id)
    {
        final byte c = ep.state(id * 2);
        final byte s = ep.state(id * 2 + 1);
        if (isFinished(c) && isFinished(s))
        {
            return EvictionOrder.FINISHED;
        }
        if ((c == TcpState.SYN_SENT || c == TcpState.UNKNOWN) &&
            (s == TcpState.SYN_RECV || s == TcpState.UNKNOWN || s == TcpState.LISTEN))
        {
            return EvictionOrder.HALF_OPEN;
        }
        return EvictionOrder.ACTIVE;
    }

    private static boolean isFinished(final byte state)
    {
        return state == TcpState.CLOSED || state == TcpState.TIME_WAIT || state == TcpState.UNKNOWN;
    }

    private byte stateAsOf(final int row, final long asOfNanos)
    {
        final byte st = ep.state(row);
        return st == TcpState.TIME_WAIT && asOfNanos - ep.stateSince(row) >= timeWaitNanos ?
            TcpTransitions.next(TcpState.TIME_WAIT, EndpointEvent.TIMEOUT) : st;
    }

    private long stateSinceAsOf(final int row, final long asOfNanos)
    {
        final long since = ep.stateSince(row);
        return stateAsOf(row, asOfNanos) != ep.state(row) ? since + timeWaitNanos : since;
    }

    private ConnectionRecord record(final int id, final long asOfNanos)
    {
        final int c = id * 2;
        final int v = c + 1;
        return new ConnectionRecord(
            new Endpoint(flows.clientHi(id), flows.clientLo(id), flows.clientPort(id)),
            new Endpoint(flows.serverHi(id), flows.serverLo(id), flows.serverPort(id)),
            flows.vlan(id),
            stateAsOf(c, asOfNanos),
            stateAsOf(v, asOfNanos),
            firstSeen[id],
            lastSeen[id],
            ep.packets(c),
            ep.packets(v),
            ep.payloadBytes(c),
            ep.payloadBytes(v),
            ep.ipBytes(c),
            ep.ipBytes(v),
            history.render(id),
            (recordFlags[id] & PARTIAL) != 0,
            synRetransmits[id],
            stateSinceAsOf(c, asOfNanos),
            stateSinceAsOf(v, asOfNanos),
            ep.retransmits(c),
            ep.retransmits(v),
            ep.activity(c),
            ep.activity(v),
            (recordFlags[id] & REUSED_TIME_WAIT) != 0);
    }
}
