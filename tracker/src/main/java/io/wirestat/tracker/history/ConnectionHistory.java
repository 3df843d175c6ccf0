package io.wirestat.tracker.history;

import io.wirestat.tracker.flow.ConnectionLayout;
import io.wirestat.tracker.flow.FlowTable;
import io.wirestat.tracker.flow.SpillTable;

import static io.wirestat.tracker.flow.ConnectionLayout.E_ISN_OR_FIN;
import static io.wirestat.tracker.flow.ConnectionLayout.E_WORD;
import static io.wirestat.tracker.flow.ConnectionLayout.FIN_SENT;
import static io.wirestat.tracker.flow.ConnectionLayout.F_SPILLED;
import static io.wirestat.tracker.flow.ConnectionLayout.HISTORY_HI;
import static io.wirestat.tracker.flow.ConnectionLayout.HISTORY_LO;
import static io.wirestat.tracker.flow.ConnectionLayout.ISN_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.META;
import static io.wirestat.tracker.flow.ConnectionLayout.ONCE_SHIFT;
import static io.wirestat.tracker.flow.ConnectionLayout.S_HISTORY;
import static io.wirestat.tracker.flow.ConnectionLayout.S_LAST_FIN;
import static io.wirestat.tracker.flow.ConnectionLayout.S_LAST_RST;
import static io.wirestat.tracker.flow.ConnectionLayout.S_LAST_SYN;
import static io.wirestat.tracker.flow.ConnectionLayout.S_SIDE;

/**
 * Zeek-compatible connection history strings, kept in the connection record (no String per connection until a
 * report asks). Upper case = client (Zeek's originator), lower case = server.
 * <p>
 * Zeek's rules (TCPSessionAdapter's {@code update_history}): a segment with more than one of SYN/FIN/RST gives
 * {@code I} (FIN+RST) or {@code Q}; otherwise a SYN gives {@code S}/{@code H}, a FIN {@code F}, a RST {@code R}
 * (each again only when its sequence number differs from the last one of its kind); a segment with none of
 * them gives {@code D} if it has payload, else {@code A} if it has ACK. {@code A D I Q} are recorded once per
 * direction; {@code T} (retransmitted payload) and {@code W} (zero window) are "scaled": recorded at the 1st, 10th,
 * 100th... occurrence. Histories longer than {@link #MAX_LENGTH} are cut there.
 * <p>
 * Storage: the record's two history ints hold the length (6 bits) and the first {@link #IN_RECORD} letters
 * (5 bits each); later letters, 12 to a long, and the sequence numbers of repeated SYNs, FINs and RSTs that differ
 * from the endpoint's own ISN or FIN, go to the spill table. The per-side "once" bits sit in the endpoint word.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
public final class ConnectionHistory
{
    /** Letters kept per connection. */
    public static final int MAX_LENGTH = 32;
    /** Letters held in the record itself. */
    static final int IN_RECORD = 11;
    private static final int SPILL_LETTERS = 12;
    private static final int LENGTH_BITS = 6;
    private static final String ALPHABET = "SHADFRTWIQ";

    private static final int ONCE_A = 1;
    private static final int ONCE_D = 2;
    private static final int ONCE_I = 4;
    private static final int ONCE_Q = 8;
    /** One bit for S and H alike, as Zeek's HIST_SYN_PKT: a SYN-ACK repeating its side's SYN seq adds nothing. */
    private static final int ONCE_SYN = 16;
    private static final int ONCE_F = 32;
    private static final int ONCE_R = 64;

    private final FlowTable table;
    private final SpillTable spill;

    /**
     * @param table the records whose history ints this keeps.
     */
    public ConnectionHistory(final FlowTable table)
    {
        this.table = table;
        this.spill = table.spill();
    }

    /**
     * Records the flag letter of one segment. Call before the tracker applies the segment to the endpoint (the
     * "last SYN/FIN" defaults read the endpoint's ISN and FIN as they were before it).
     *
     * @param id         record id.
     * @param fromServer true when the segment travels server → client (lower-case letters).
     * @param flags      TCP flags byte.
     * @param seq        the segment's sequence number.
     * @param payload    payload length.
     */
    public void onSegment(final int id, final boolean fromServer, final int flags, final int seq, final int payload)
    {
        final int side = fromServer ? 1 : 0;
        final boolean syn = (flags & 0x02) != 0;
        final boolean fin = (flags & 0x01) != 0;
        final boolean rst = (flags & 0x04) != 0;
        final int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1)
        {
            recordOnce(id, side, fin && rst ? ONCE_I : ONCE_Q, fin && rst ? 'I' : 'Q');
        }
        else if (syn)
        {
            final char letter = (flags & 0x10) != 0 ? 'H' : 'S';
            if (!recordOnce(id, side, ONCE_SYN, letter) && seq != lastSyn(id, side))
            {
                append(id, side, letter);
            }
            rememberSyn(id, side, seq);
        }
        else if (fin)
        {
            // A FIN's sequence number is at the end of any data it carries.
            final int finSeq = seq + payload;
            if (!recordOnce(id, side, ONCE_F, 'F') && finSeq != lastFin(id, side))
            {
                append(id, side, 'F');
            }
            rememberFin(id, side, finSeq, (flags & 0x10) != 0);
        }
        else if (rst)
        {
            final long last = spilled(id, side, S_LAST_RST);
            if (!recordOnce(id, side, ONCE_R, 'R') && (last == SpillTable.ABSENT || seq != (int)last))
            {
                append(id, side, 'R');
            }
            spill(id, side, S_LAST_RST, seq);
        }
        else if (payload > 0)
        {
            recordOnce(id, side, ONCE_D, 'D');
        }
        else if ((flags & 0x10) != 0)
        {
            recordOnce(id, side, ONCE_A, 'A');
        }
    }

    /**
     * Records one retransmission (scaled letter T). Zeek's rule, which the caller applies: payload that ends at or
     * below the highest sequence number the side has sent (so 1-byte keep-alives and repeated window probes count).
     *
     * @param count the side's retransmissions by this rule so far, this one included.
     */
    public void onRetransmit(final int id, final boolean fromServer, final long count)
    {
        if (isPowerOfTen(count))
        {
            append(id, fromServer ? 1 : 0, 'T');
        }
    }

    /**
     * Records one zero-window advertisement (scaled letter W).
     *
     * @param count the side's zero-window advertisements so far, this one included.
     */
    public void onZeroWindow(final int id, final boolean fromServer, final long count)
    {
        if (isPowerOfTen(count))
        {
            append(id, fromServer ? 1 : 0, 'W');
        }
    }

    /**
     * @param id record id.
     * @return the history string (cold path).
     */
    public String render(final int id)
    {
        final int[] p = table.page(id);
        final int b = FlowTable.base(id);
        final long inRecord = letters(p, b);
        final int length = (int)(inRecord & ((1 << LENGTH_BITS) - 1));
        final char[] out = new char[length];
        for (int i = 0; i < length; i++)
        {
            out[i] = decode(letterAt(id, inRecord, i));
        }
        return new String(out);
    }

    private static boolean isPowerOfTen(final long count)
    {
        long mark = 1;
        while (mark < count)
        {
            mark *= 10;
        }
        return mark == count;
    }

    private int lastSyn(final int id, final int side)
    {
        final long spilled = spilled(id, side, S_LAST_SYN);
        if (spilled != SpillTable.ABSENT)
        {
            return (int)spilled;
        }
        final int[] p = table.page(id);
        final int e = FlowTable.base(id) + ConnectionLayout.endpoint(side);
        // Without a spilled one, the last SYN is the endpoint's ISN (a retransmission repeats it). Once a FIN
        // replaced the ISN in the record, a later SYN counts as new: an old duplicate this late is not expected.
        // With neither, no SYN was seen: 0, as Zeek's zero-initialised last sequence number.
        return (p[e + E_WORD] & (ISN_KNOWN | FIN_SENT)) == ISN_KNOWN ? p[e + E_ISN_OR_FIN] : 0;
    }

    private void rememberSyn(final int id, final int side, final int seq)
    {
        final int[] p = table.page(id);
        final int e = FlowTable.base(id) + ConnectionLayout.endpoint(side);
        final int word = p[e + E_WORD];
        final boolean isnWillBe = (word & ISN_KNOWN) == 0 || ((word & FIN_SENT) == 0 && p[e + E_ISN_OR_FIN] == seq);
        if (isnWillBe)
        {
            unspill(id, side, S_LAST_SYN);
        }
        else
        {
            spill(id, side, S_LAST_SYN, seq);
        }
    }

    private int lastFin(final int id, final int side)
    {
        final long spilled = spilled(id, side, S_LAST_FIN);
        if (spilled != SpillTable.ABSENT)
        {
            return (int)spilled;
        }
        final int[] p = table.page(id);
        final int e = FlowTable.base(id) + ConnectionLayout.endpoint(side);
        return (p[e + E_WORD] & FIN_SENT) != 0 ? p[e + E_ISN_OR_FIN] : 0;
    }

    private void rememberFin(final int id, final int side, final int finSeq, final boolean ack)
    {
        final int[] p = table.page(id);
        final int e = FlowTable.base(id) + ConnectionLayout.endpoint(side);
        final boolean finSent = (p[e + E_WORD] & FIN_SENT) != 0;
        // The tracker records the first acceptable FIN (one with ACK) as the endpoint's own: that one needs no copy.
        if ((finSent && p[e + E_ISN_OR_FIN] == finSeq) || (!finSent && ack))
        {
            unspill(id, side, S_LAST_FIN);
        }
        else
        {
            spill(id, side, S_LAST_FIN, finSeq);
        }
    }

    private boolean recordOnce(final int id, final int side, final int bit, final char c)
    {
        final int[] p = table.page(id);
        final int w = FlowTable.base(id) + ConnectionLayout.endpoint(side) + E_WORD;
        final int onceBit = bit << ONCE_SHIFT;
        if ((p[w] & onceBit) != 0)
        {
            return false;
        }
        p[w] |= onceBit;
        append(id, side, c);
        return true;
    }

    private void append(final int id, final int side, final char c)
    {
        final int[] p = table.page(id);
        final int b = FlowTable.base(id);
        final long inRecord = letters(p, b);
        final int length = (int)(inRecord & ((1 << LENGTH_BITS) - 1));
        if (length >= MAX_LENGTH)
        {
            return;
        }
        final long code = ALPHABET.indexOf(c) + 1 + side * ALPHABET.length();
        long updated = (inRecord & ~((1L << LENGTH_BITS) - 1)) | (length + 1);
        if (length < IN_RECORD)
        {
            updated |= code << (LENGTH_BITS + 5 * length);
        }
        else
        {
            final int k = length - IN_RECORD;
            final int code2 = S_HISTORY + k / SPILL_LETTERS;
            final long key = SpillTable.key(id, code2);
            final long held = spill.getOrZero(key);
            p[b + META] |= F_SPILLED;
            spill.put(key, held | code << (5 * (k % SPILL_LETTERS)));
        }
        p[b + HISTORY_LO] = (int)updated;
        p[b + HISTORY_HI] = (int)(updated >>> 32);
    }

    private int letterAt(final int id, final long inRecord, final int i)
    {
        if (i < IN_RECORD)
        {
            return (int)(inRecord >>> (LENGTH_BITS + 5 * i)) & 0x1F;
        }
        final int k = i - IN_RECORD;
        final long held = spill.getOrZero(SpillTable.key(id, S_HISTORY + k / SPILL_LETTERS));
        return (int)(held >>> (5 * (k % SPILL_LETTERS))) & 0x1F;
    }

    private static char decode(final int code)
    {
        return LETTERS[code];
    }

    /** Letter of each code: 1..n the client's (upper case), n+1..2n the server's (lower case); index 0 unused. */
    private static final char[] LETTERS = letters();

    private static char[] letters()
    {
        final int n = ALPHABET.length();
        final char[] letters = new char[2 * n + 1];
        for (int code = 1; code <= 2 * n; code++)
        {
            final char upper = ALPHABET.charAt((code - 1) % n);
            letters[code] = code > n ? Character.toLowerCase(upper) : upper;
        }
        return letters;
    }

    private static long letters(final int[] p, final int b)
    {
        return (p[b + HISTORY_LO] & 0xFFFF_FFFFL) | (long)p[b + HISTORY_HI] << 32;
    }

    private long spilled(final int id, final int side, final int code)
    {
        if ((table.page(id)[FlowTable.base(id) + META] & F_SPILLED) == 0)
        {
            return SpillTable.ABSENT;
        }
        return spill.get(SpillTable.key(id, code + side * S_SIDE));
    }

    private void spill(final int id, final int side, final int code, final long value)
    {
        table.page(id)[FlowTable.base(id) + META] |= F_SPILLED;
        spill.put(SpillTable.key(id, code + side * S_SIDE), value);
    }

    private void unspill(final int id, final int side, final int code)
    {
        if ((table.page(id)[FlowTable.base(id) + META] & F_SPILLED) != 0)
        {
            spill.remove(SpillTable.key(id, code + side * S_SIDE));
        }
    }
}
