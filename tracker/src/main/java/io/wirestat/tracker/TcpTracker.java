package io.wirestat.tracker;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.ConnectionLayout;
import io.wirestat.tracker.flow.EvictionPolicy;
import io.wirestat.tracker.flow.FlowTable;
import io.wirestat.tracker.flow.IdSort;
import io.wirestat.tracker.flow.PackedTime;
import io.wirestat.tracker.flow.SpillTable;
import io.wirestat.tracker.history.ConnectionHistory;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.HandshakeTiming;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.timeline.StateCensus;
import io.wirestat.tracker.timeline.TimelineRows;

import java.util.function.Consumer;

import static io.wirestat.tracker.flow.ConnectionLayout.ACK_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.E_LAST_PACKET;
import static io.wirestat.tracker.flow.ConnectionLayout.E_LAST_PAYLOAD;
import static io.wirestat.tracker.flow.ConnectionLayout.E_STATE_SINCE;
import static io.wirestat.tracker.flow.ConnectionLayout.F_PARTIAL;
import static io.wirestat.tracker.flow.ConnectionLayout.F_REUSED_TIME_WAIT;
import static io.wirestat.tracker.flow.ConnectionLayout.ISN_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.WSCALE_NONE;
import static io.wirestat.tracker.flow.ConnectionLayout.WSCALE_SHIFT;
import static io.wirestat.tracker.decode.TcpSegment.ACK;
import static io.wirestat.tracker.decode.TcpSegment.FIN;
import static io.wirestat.tracker.decode.TcpSegment.RST;
import static io.wirestat.tracker.decode.TcpSegment.SYN;

/**
 * One tracker shard: the flow table and both endpoints' state machines for every connection routed to it.
 * <p>
 * Each segment finds (or creates) its connection's record, then {@link SegmentRules} turns it into
 * {@link io.wirestat.tracker.state.EndpointEvent}s for both endpoints. This class owns the record lifecycle:
 * who is the client of a new connection, port reuse (a new SYN on a used 4-tuple), asymmetric VLAN tagging, and
 * eviction when the table is full ({@link EvictionPolicy}). Records are {@link ConnectionLayout}'s few ints each.
 * Time is packet time only: TIME_WAIT expires when a later packet (or the report's as-of time) is 2·MSL past it.
 * <p>
 * Allocation free per segment; memory grows a page of records at a time. Not thread safe; owned by one shard
 * thread.
 */
public final class TcpTracker
{
    private static final int WELL_KNOWN_PORT_LIMIT = 1024;
    private static final int NEW_ENDPOINT_WORD = WSCALE_NONE << WSCALE_SHIFT;

    private final boolean vlanInKey;
    private final int maxConnections;
    private final FlowTable flows;
    private final Records rec;
    private final EndpointStates states;
    private final SegmentRules rules;
    private final ConnectionHistory history;
    private final EvictionPolicy eviction = new EvictionPolicy();
    private final EvictionPolicy.Activity activity = this::lastActivity;
    private final RecordSnapshots snapshots;
    private final long[] counters = new long[TrackerCounter.COUNT];
    private final HandshakeTiming timing = new HandshakeTiming();
    private final StateCensus census;
    /** Whether states are counted as they are written ({@link TrackerConfig#countStates}). */
    private final boolean counting;

    private long latestNanos = Long.MIN_VALUE;
    /** True once any segment carried a VLAN tag: until then no lookup can be an asymmetric-VLAN case. */
    private boolean sawVlan;

    public TcpTracker(final TrackerConfig config)
    {
        this.vlanInKey = config.vlanInKey();
        this.maxConnections = Math.min(config.maxConnections(), FlowTable.MAX_RECORDS);
        flows = new FlowTable(config.initialCapacity());
        rec = new Records(flows);
        history = new ConnectionHistory(flows);
        census = new StateCensus(config.timeWaitNanos(), config.timelineNanos(), counters);
        counting = config.countStates();
        states = new EndpointStates(rec, config.timeWaitNanos(), counting ? census : null);
        rules = new SegmentRules(rec, states, history, counters, timing);
        snapshots = new RecordSnapshots(flows, rec, states, history, rules, timing);
    }

    /**
     * Applies one segment. Allocation free on the steady path (the table grows a page at a time).
     *
     * @param segment decoded segment; not retained.
     */
    public void onSegment(final TcpSegment segment)
    {
        counters[TrackerCounter.SEGMENTS]++;
        final long now = segment.timestampNanos;
        if (now >= census.nextBoundary())
        {
            census.cross(now);
        }
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

        int id;
        int sender;
        if (found == FlowTable.NOT_FOUND)
        {
            final boolean srcIsClient = srcIsClient(segment);
            id = newRecord(segment, hash, vlan, srcIsClient, now);
            if (id < 0)
            {
                return;
            }
            sender = srcIsClient ? Records.CLIENT : Records.SERVER;
        }
        else
        {
            id = found >>> 1;
            sender = (found & FlowTable.FROM_SERVER) != 0 ? Records.SERVER : Records.CLIENT;
            if ((segment.flags & (SYN | ACK | RST | FIN)) == SYN)
            {
                rec.at(id);
                if (isReuse(sender, segment.seq))
                {
                    counters[TrackerCounter.PORT_REUSES]++;
                    final boolean inTimeWait = states.inTimeWait(Records.CLIENT, now) ||
                        states.inTimeWait(Records.SERVER, now);
                    id = newRecord(segment, hash, vlan, true, now);
                    if (id < 0)
                    {
                        return;
                    }
                    if (inTimeWait)
                    {
                        rec.addMeta(F_REUSED_TIME_WAIT);
                    }
                    sender = Records.CLIENT;
                }
            }
        }
        rec.at(id);
        rules.apply(sender, segment, now);
        eviction.classify(id, flows.page(id), FlowTable.base(id), evictionClass(), activity);
    }

    /**
     * Reports every connection record (closed ones included), in the table's order, as of a point in packet time
     * (TIME_WAIT that has lasted 2·MSL by then is reported CLOSED). Cold path.
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
                sink.accept(snapshots.record(id, asOfNanos));
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
        final int size = flows.size();
        final int[] ids = new int[flows.liveCount()];
        final long[] keys = new long[ids.length];
        int n = 0;
        for (int id = 0; id < size; id++)
        {
            if (flows.isLive(id))
            {
                rec.at(id);
                ids[n] = id;
                keys[n++] = rec.firstSeen();
            }
        }
        IdSort.sortByKey(ids, keys, n);
        return new OrderedSnapshot(ids, asOfNanos, snapshots::record);
    }

    /**
     * Ends this shard's timeline at a point in packet time (cold path, once, after the last segment).
     *
     * @param asOfNanos the capture's last timestamp, the same for every shard.
     * @return this shard's rows; none unless {@link TrackerConfig#timelineNanos} was set.
     */
    public TimelineRows finishTimeline(final long asOfNanos)
    {
        if (census.nextBoundary() == Long.MAX_VALUE)
        {
            return census.finish(asOfNanos, null);
        }
        final long[] asOf = new long[2 * TcpState.COUNT];
        final int size = flows.size();
        for (int id = 0; id < size; id++)
        {
            if (flows.isLive(id))
            {
                rec.at(id);
                asOf[states.stateAsOf(Records.CLIENT, asOfNanos)]++;
                asOf[TcpState.COUNT + states.stateAsOf(Records.SERVER, asOfNanos)]++;
            }
        }
        return census.finish(asOfNanos, asOf);
    }

    /**
     * @return per-state endpoint counts and connection opens and ends, kept as states are written when
     *         {@link TrackerConfig#countStates} (all zero otherwise).
     */
    public StateCensus census()
    {
        return census;
    }

    /**
     * @param id a {@link TrackerCounter} id.
     * @return its value.
     */
    public long counter(final int id)
    {
        return counters[id];
    }

    /**
     * The handshake timings this shard sampled: the capture point's evidence. Merge several shards' with
     * {@link HandshakeTiming#merge} and hand the result to each with {@link HandshakeTiming#assume} before taking
     * records, so that every shard weighs the same capture point.
     *
     * @return this shard's sampler.
     */
    public HandshakeTiming handshakeTiming()
    {
        return timing;
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
        rec.at(id);
        if (rec.packets(fromServer ? Records.SERVER : Records.CLIENT) != 0)
        {
            return FlowTable.NOT_FOUND;
        }
        flows.bindDirectionVlan(id, fromServer, vlan);
        return other;
    }

    /**
     * A SYN (without ACK) on a 4-tuple that has a record (the cursor's): a new connection unless it repeats the
     * sender's ISN (a retransmission) or is the second SYN of a simultaneous open.
     */
    private boolean isReuse(final int sender, final int seq)
    {
        if (rec.has(sender, ISN_KNOWN))
        {
            // After its FIN the record no longer holds the sender's ISN: a SYN then is a new connection.
            final long isn = rules.isn(sender);
            return isn == SpillTable.ABSENT || seq != (int)isn;
        }
        final int receiver = sender ^ 1;
        if (rec.has(receiver, ISN_KNOWN) && rec.has(receiver, ACK_KNOWN) && rec.maxAck(receiver) == seq + 1)
        {
            // The peer's SYN-ACK already acknowledged exactly this SYN: the capture reordered the handshake.
            return false;
        }
        final byte clientState = rec.state(Records.CLIENT);
        final byte serverState = rec.state(Records.SERVER);
        final boolean simultaneousOpen = sender == Records.SERVER && clientState == TcpState.SYN_SENT &&
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
     * @return the new record's id (the cursor points at it), or -1 when the table is full of active connections
     *         (the segment is then dropped and counted).
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
        rec.at(id);
        rec.firstSeen(now);
        for (int side = 0; side < 2; side++)
        {
            rec.word(side, NEW_ENDPOINT_WORD);
            rec.time(side, E_STATE_SINCE, now);
            rec.time(side, E_LAST_PACKET, PackedTime.NEVER_NANOS);
            rec.time(side, E_LAST_PAYLOAD, PackedTime.NEVER_NANOS);
        }
        counters[TrackerCounter.CONNECTIONS]++;
        if (counting)
        {
            census.onNewRecord();
        }
        if ((s.flags & (SYN | ACK)) != SYN)
        {
            rec.addMeta(F_PARTIAL);
            counters[TrackerCounter.MIDSTREAM_PICKUPS]++;
        }
        return id;
    }

    /** Drops the least recently active finished record, else half-open one. @return false if there was neither. */
    private boolean evictOne()
    {
        final int victim = eviction.victim(flows, activity);
        if (victim < 0)
        {
            return false;
        }
        counters[(victim & 3) == EvictionPolicy.FINISHED ?
            TrackerCounter.EVICTED_FINISHED : TrackerCounter.EVICTED_HALF_OPEN]++;
        if (counting)
        {
            rec.at(victim >>> 2);
            census.onRemoved(rec.state(Records.CLIENT), rec.time(Records.CLIENT, E_STATE_SINCE),
                rec.state(Records.SERVER), rec.time(Records.SERVER, E_STATE_SINCE));
        }
        flows.remove(victim >>> 2);
        return true;
    }

    /** @return the cursor's record's eviction class. */
    private int evictionClass()
    {
        final byte c = rec.state(Records.CLIENT);
        final byte s = rec.state(Records.SERVER);
        if (EndpointStates.isFinished(c) && EndpointStates.isFinished(s))
        {
            return EvictionPolicy.FINISHED;
        }
        if ((c == TcpState.SYN_SENT || c == TcpState.UNKNOWN) &&
            (s == TcpState.SYN_RECV || s == TcpState.UNKNOWN || s == TcpState.LISTEN))
        {
            return EvictionPolicy.HALF_OPEN;
        }
        return EvictionPolicy.ACTIVE;
    }

    private long lastActivity(final int id)
    {
        rec.at(id);
        return Math.max(rec.time(Records.CLIENT, E_LAST_PACKET), rec.time(Records.SERVER, E_LAST_PACKET));
    }
}
