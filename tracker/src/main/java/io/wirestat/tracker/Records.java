package io.wirestat.tracker;

import io.wirestat.tracker.flow.ConnectionLayout;
import io.wirestat.tracker.flow.FlowTable;
import io.wirestat.tracker.flow.PackedTime;
import io.wirestat.tracker.flow.SpillTable;

import static io.wirestat.tracker.flow.ConnectionLayout.E_COUNTS;
import static io.wirestat.tracker.flow.ConnectionLayout.E_ISN_OR_FIN;
import static io.wirestat.tracker.flow.ConnectionLayout.E_MAX_ACK;
import static io.wirestat.tracker.flow.ConnectionLayout.E_PAYLOAD;
import static io.wirestat.tracker.flow.ConnectionLayout.E_PKT_HDR;
import static io.wirestat.tracker.flow.ConnectionLayout.E_SND_NXT;
import static io.wirestat.tracker.flow.ConnectionLayout.E_WIN_RETX;
import static io.wirestat.tracker.flow.ConnectionLayout.E_WORD;
import static io.wirestat.tracker.flow.ConnectionLayout.FIRST_SEEN_HI_SHIFT;
import static io.wirestat.tracker.flow.ConnectionLayout.FIRST_SEEN_LO;
import static io.wirestat.tracker.flow.ConnectionLayout.F_SPILLED;
import static io.wirestat.tracker.flow.ConnectionLayout.META;
import static io.wirestat.tracker.flow.ConnectionLayout.E_LAST_PACKET;
import static io.wirestat.tracker.flow.ConnectionLayout.S_COUNT;
import static io.wirestat.tracker.flow.ConnectionLayout.S_FIRST_SEEN;
import static io.wirestat.tracker.flow.ConnectionLayout.S_TIME;
import static io.wirestat.tracker.flow.ConnectionLayout.S_HEADER_BYTES;
import static io.wirestat.tracker.flow.ConnectionLayout.S_PACKETS;
import static io.wirestat.tracker.flow.ConnectionLayout.S_PAYLOAD;
import static io.wirestat.tracker.flow.ConnectionLayout.S_RETRANSMITS;
import static io.wirestat.tracker.flow.ConnectionLayout.S_SIDE;
import static io.wirestat.tracker.flow.ConnectionLayout.STATE_MASK;

/**
 * Typed access to the fields of the connection records in a {@link FlowTable}, through a cursor: {@link #at(int)}
 * points it at one record (one page lookup per segment), then the accessors read and write that record's ints,
 * endpoint fields by side (0 client, 1 server). Counters narrower than their range carry into the spill table,
 * so what the accessors return is exact. Times are packet nanoseconds, held packed ({@link PackedTime}).
 * <p>
 * Not thread safe; owned by one shard thread.
 */
final class Records
{
    static final int CLIENT = 0;
    static final int SERVER = 1;
    private static final long LOW32 = 0xFFFF_FFFFL;
    private static final long FIRST_SEEN_RANGE_MICROS = 1L << 43;
    /** The 43-bit first-seen value that says the time is in the spill table. */
    private static final long FIRST_SEEN_SPILLED = FIRST_SEEN_RANGE_MICROS - 1;

    private final FlowTable table;
    private final SpillTable spill;
    /** Microseconds subtracted from first-seen times, so that they fit 43 bits: set by the first record. */
    private long epochMicros = Long.MIN_VALUE;

    private int[] p;
    private int b;
    private int id;

    Records(final FlowTable table)
    {
        this.table = table;
        this.spill = table.spill();
    }

    /** Points the cursor at a record. */
    void at(final int recordId)
    {
        id = recordId;
        p = table.page(recordId);
        b = FlowTable.base(recordId);
    }

    int id()
    {
        return id;
    }

    // ---- connection words -------------------------------------------------------------------------------------

    int meta()
    {
        return p[b + META];
    }

    void addMeta(final int bits)
    {
        p[b + META] |= bits;
    }

    long firstSeen()
    {
        final long micros = (p[b + FIRST_SEEN_LO] & LOW32) | (long)(p[b + META] >>> FIRST_SEEN_HI_SHIFT) << 32;
        if (micros == FIRST_SEEN_SPILLED)
        {
            return spill.get(SpillTable.key(id, S_FIRST_SEEN));
        }
        return (micros + epochMicros) * 1_000L;
    }

    void firstSeen(final long nanos)
    {
        final long micros = Math.floorDiv(nanos, 1_000L);
        if (epochMicros == Long.MIN_VALUE)
        {
            epochMicros = micros - FIRST_SEEN_RANGE_MICROS / 2;
        }
        long relative = micros - epochMicros;
        if (relative < 0 || relative >= FIRST_SEEN_SPILLED)
        {
            // Files decades apart, or out of order by months: keep the exact time aside.
            relative = FIRST_SEEN_SPILLED;
            p[b + META] |= F_SPILLED;
            spill.put(SpillTable.key(id, S_FIRST_SEEN), micros * 1_000L);
        }
        p[b + FIRST_SEEN_LO] = (int)relative;
        p[b + META] = (p[b + META] & ((1 << FIRST_SEEN_HI_SHIFT) - 1)) | (int)(relative >>> 32) << FIRST_SEEN_HI_SHIFT;
    }

    // ---- endpoint words ---------------------------------------------------------------------------------------

    private int e(final int side)
    {
        return b + ConnectionLayout.endpoint(side);
    }

    byte state(final int side)
    {
        return (byte)(p[e(side) + E_WORD] & STATE_MASK);
    }

    void stateBits(final int side, final byte state)
    {
        final int w = e(side) + E_WORD;
        p[w] = (p[w] & ~STATE_MASK) | state;
    }

    int word(final int side)
    {
        return p[e(side) + E_WORD];
    }

    void word(final int side, final int value)
    {
        p[e(side) + E_WORD] = value;
    }

    /** @return the endpoint's fact bits ({@link ConnectionLayout#ISN_KNOWN} ...). */
    int facts(final int side)
    {
        return p[e(side) + E_WORD] & ConnectionLayout.FACTS_MASK;
    }

    boolean has(final int side, final int fact)
    {
        return (p[e(side) + E_WORD] & fact) != 0;
    }

    void addFacts(final int side, final int facts)
    {
        p[e(side) + E_WORD] |= facts;
    }

    int isnOrFin(final int side)
    {
        return p[e(side) + E_ISN_OR_FIN];
    }

    void isnOrFin(final int side, final int value)
    {
        p[e(side) + E_ISN_OR_FIN] = value;
    }

    int sndNxt(final int side)
    {
        return p[e(side) + E_SND_NXT];
    }

    void sndNxtRaw(final int side, final int value)
    {
        p[e(side) + E_SND_NXT] = value;
    }

    int maxAck(final int side)
    {
        return p[e(side) + E_MAX_ACK];
    }

    void maxAck(final int side, final int value)
    {
        p[e(side) + E_MAX_ACK] = value;
    }

    int window(final int side)
    {
        return p[e(side) + E_WIN_RETX] & 0xFFFF;
    }

    void window(final int side, final int value)
    {
        final int f = e(side) + E_WIN_RETX;
        p[f] = (p[f] & 0xFFFF_0000) | (value & 0xFFFF);
    }

    /** @return the window-scale shift the endpoint's SYN offered, or -1. */
    int windowScale(final int side)
    {
        final int v = (p[e(side) + E_WORD] >>> ConnectionLayout.WSCALE_SHIFT) & 0xF;
        return v == ConnectionLayout.WSCALE_NONE ? -1 : v;
    }

    void windowScale(final int side, final int shift)
    {
        final int w = e(side) + E_WORD;
        final int v = shift < 0 ? ConnectionLayout.WSCALE_NONE : Math.min(shift, 14);
        p[w] = (p[w] & ~(0xF << ConnectionLayout.WSCALE_SHIFT)) | v << ConnectionLayout.WSCALE_SHIFT;
    }

    // ---- counters ---------------------------------------------------------------------------------------------

    long retransmits(final int side)
    {
        return narrow(e(side) + E_WIN_RETX, 16, 16, side, S_RETRANSMITS);
    }

    void addRetransmit(final int side)
    {
        addNarrow(e(side) + E_WIN_RETX, 16, 16, side, S_RETRANSMITS, 1);
    }

    long packets(final int side)
    {
        return narrow(e(side) + E_PKT_HDR, 0, 16, side, S_PACKETS);
    }

    long ipBytes(final int side)
    {
        return payloadBytes(side) + narrow(e(side) + E_PKT_HDR, 16, 16, side, S_HEADER_BYTES);
    }

    long payloadBytes(final int side)
    {
        return narrow(e(side) + E_PAYLOAD, 0, 32, side, S_PAYLOAD);
    }

    /**
     * Counts one packet: its payload and its IP length (header bytes = IP length - payload; a negative difference,
     * from a lying header, counts as 0 and the IP bytes follow the payload).
     */
    void addPacket(final int side, final int payload, final int ipLength)
    {
        final int f = e(side);
        addNarrow(f + E_PKT_HDR, 0, 16, side, S_PACKETS, 1);
        addNarrow(f + E_PKT_HDR, 16, 16, side, S_HEADER_BYTES, Math.max(0, ipLength - payload));
        addNarrow(f + E_PAYLOAD, 0, 32, side, S_PAYLOAD, payload);
    }

    /** @return a COUNTS field's value ({@link ConnectionLayout#C_KEEPALIVES} ...). */
    long count(final int side, final int field)
    {
        return narrow(e(side) + E_COUNTS, ConnectionLayout.countShift(field), ConnectionLayout.countBits(field), side,
            S_COUNT + field);
    }

    /** Adds one to a COUNTS field. @return the new value. */
    long increment(final int side, final int field)
    {
        addNarrow(e(side) + E_COUNTS, ConnectionLayout.countShift(field), ConnectionLayout.countBits(field), side,
            S_COUNT + field, 1);
        return count(side, field);
    }

    /** Sets a COUNTS field to zero. */
    void clearCount(final int side, final int field)
    {
        final int f = e(side) + E_COUNTS;
        final int shift = ConnectionLayout.countShift(field);
        final int mask = (1 << ConnectionLayout.countBits(field)) - 1;
        if ((p[f] >>> shift & mask) == mask)
        {
            spill.remove(SpillTable.key(id, S_COUNT + field + side * S_SIDE));
        }
        p[f] &= ~(mask << shift);
    }

    boolean rstAfterPeerData(final int side)
    {
        return (p[e(side) + E_COUNTS] & ConnectionLayout.RST_AFTER_PEER_DATA) != 0;
    }

    void markRstAfterPeerData(final int side)
    {
        p[e(side) + E_COUNTS] |= ConnectionLayout.RST_AFTER_PEER_DATA;
    }

    // ---- times ------------------------------------------------------------------------------------------------

    long time(final int side, final int field)
    {
        final int packed = p[e(side) + field];
        if (packed == PackedTime.OUT_OF_RANGE)
        {
            return spill.get(SpillTable.key(id, S_TIME + field - E_LAST_PACKET + side * S_SIDE));
        }
        return PackedTime.unpack(firstSeen(), packed);
    }

    void time(final int side, final int field, final long nanos)
    {
        final int f = e(side) + field;
        final int packed = PackedTime.pack(firstSeen(), nanos);
        if (packed == PackedTime.OUT_OF_RANGE)
        {
            // A connection older than PackedTime's range (or a time before it began): exact, in the spill table.
            p[b + META] |= F_SPILLED;
            spill.put(SpillTable.key(id, S_TIME + field - E_LAST_PACKET + side * S_SIDE), nanos / 1_000L * 1_000L);
        }
        else if (p[f] == PackedTime.OUT_OF_RANGE)
        {
            spill.remove(SpillTable.key(id, S_TIME + field - E_LAST_PACKET + side * S_SIDE));
        }
        p[f] = packed;
    }

    // ---- spill ------------------------------------------------------------------------------------------------

    /** @return a spilled value of this record, or {@link SpillTable#ABSENT}. */
    long spilled(final int side, final int code)
    {
        if ((p[b + META] & F_SPILLED) == 0)
        {
            return SpillTable.ABSENT;
        }
        return spill.get(SpillTable.key(id, code + side * S_SIDE));
    }

    void spill(final int side, final int code, final long value)
    {
        p[b + META] |= F_SPILLED;
        spill.put(SpillTable.key(id, code + side * S_SIDE), value);
    }

    void unspill(final int side, final int code)
    {
        if ((p[b + META] & F_SPILLED) != 0)
        {
            spill.remove(SpillTable.key(id, code + side * S_SIDE));
        }
    }

    /**
     * Reads a narrow counter: a bit field of {@code bits} bits at {@code shift} in int {@code f}. Values below the
     * field's all-ones value sit in the field; at all-ones, the field says "saturated" and the spill table holds
     * the rest, so a counter that never filled its field costs no spill look-up, however many other values of the
     * record are spilled.
     */
    private long narrow(final int f, final int shift, final int bits, final int side, final int code)
    {
        final long mask = (1L << bits) - 1;
        final long v = (p[f] >>> shift) & mask;
        return v == mask ? mask + spill.getOrZero(SpillTable.key(id, code + side * S_SIDE)) : v;
    }

    /** Adds to a narrow counter (see {@link #narrow}), moving what does not fit below all-ones to the spill table. */
    private void addNarrow(final int f, final int shift, final int bits, final int side, final int code, final int delta)
    {
        final long mask = (1L << bits) - 1;
        final long held = (p[f] >>> shift) & mask;
        final long d = delta & LOW32;
        if (held == mask)
        {
            spill.add(SpillTable.key(id, code + side * S_SIDE), d);
            return;
        }
        final long v = held + d;
        if (v >= mask)
        {
            p[b + META] |= F_SPILLED;
            spill.put(SpillTable.key(id, code + side * S_SIDE), v - mask);
            p[f] = (int)(p[f] | (mask << shift));
            return;
        }
        p[f] = (int)((p[f] & ~(mask << shift)) | (v << shift));
    }
}
