package io.wirestat.tracker.history;

import java.util.Arrays;

/**
 * Zeek-compatible connection history strings, kept per record as bytes in one flat array (no String per
 * connection until a report asks). Upper case = client (Zeek's originator), lower case = server.
 * <p>
 * Zeek's rules (TCPSessionAdapter's {@code update_history}): a segment with more than one of SYN/FIN/RST gives
 * {@code I} (FIN+RST) or {@code Q}; otherwise a SYN gives {@code S}/{@code H}, a FIN {@code F}, a RST {@code R}
 * (each again only when its sequence number differs from the last one of its kind); a segment with none of
 * them gives {@code D} if it has payload, else {@code A} if it has ACK. {@code A D I Q} are recorded once per
 * direction; {@code T} (retransmitted payload) and {@code W} (zero window) are "scaled": recorded at the 1st, 10th,
 * 100th... occurrence. Histories longer than {@link #MAX_LENGTH} are cut there.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
public final class ConnectionHistory
{
    /** Letters kept per connection. */
    public static final int MAX_LENGTH = 32;

    private static final int ONCE_A = 1;
    private static final int ONCE_D = 2;
    private static final int ONCE_I = 4;
    private static final int ONCE_Q = 8;
    /** One bit for S and H alike, as Zeek's HIST_SYN_PKT: a SYN-ACK repeating its side's SYN seq adds nothing. */
    private static final int ONCE_SYN = 16;
    private static final int ONCE_F = 64;
    private static final int ONCE_R = 128;

    private byte[] letters;
    private byte[] lengths;
    /** Per side (row * 2 + side): ONCE_* bits already recorded. */
    private int[] once;
    /** Per side: sequence numbers of the last SYN, FIN and RST, for Zeek's "repeat on a new sequence" rule. */
    private int[] lastSyn;
    private int[] lastFin;
    private int[] lastRst;
    /** Per side: next count at which T or W is recorded again (1, 10, 100, ...), 0 = not yet started. */
    private int[] nextRetransmitMark;
    private int[] retransmitCount;
    private int[] nextZeroWindowMark;
    private int[] zeroWindowCount;

    public ConnectionHistory(final int capacity)
    {
        letters = new byte[capacity * MAX_LENGTH];
        lengths = new byte[capacity];
        once = new int[capacity * 2];
        lastSyn = new int[capacity * 2];
        lastFin = new int[capacity * 2];
        lastRst = new int[capacity * 2];
        nextRetransmitMark = new int[capacity * 2];
        retransmitCount = new int[capacity * 2];
        nextZeroWindowMark = new int[capacity * 2];
        zeroWindowCount = new int[capacity * 2];
    }

    /** Grows to hold at least {@code capacity} records. */
    public void ensureCapacity(final int capacity)
    {
        if (capacity <= lengths.length)
        {
            return;
        }
        letters = Arrays.copyOf(letters, capacity * MAX_LENGTH);
        lengths = Arrays.copyOf(lengths, capacity);
        once = Arrays.copyOf(once, capacity * 2);
        lastSyn = Arrays.copyOf(lastSyn, capacity * 2);
        lastFin = Arrays.copyOf(lastFin, capacity * 2);
        lastRst = Arrays.copyOf(lastRst, capacity * 2);
        nextRetransmitMark = Arrays.copyOf(nextRetransmitMark, capacity * 2);
        retransmitCount = Arrays.copyOf(retransmitCount, capacity * 2);
        nextZeroWindowMark = Arrays.copyOf(nextZeroWindowMark, capacity * 2);
        zeroWindowCount = Arrays.copyOf(zeroWindowCount, capacity * 2);
    }

    /** Empties a record's history (its id is being reused for a new connection). */
    public void clear(final int id)
    {
        lengths[id] = 0;
        for (int side = id * 2; side <= id * 2 + 1; side++)
        {
            once[side] = 0;
            retransmitCount[side] = 0;
            nextRetransmitMark[side] = 0;
            zeroWindowCount[side] = 0;
            nextZeroWindowMark[side] = 0;
        }
    }

    /**
     * Records the flag letter of one segment.
     *
     * @param id         record id.
     * @param fromServer true when the segment travels server → client (lower-case letters).
     * @param flags      TCP flags byte.
     * @param seq        the segment's sequence number.
     * @param payload    payload length.
     */
    public void onSegment(final int id, final boolean fromServer, final int flags, final int seq, final int payload)
    {
        final int side = id * 2 + (fromServer ? 1 : 0);
        final boolean syn = (flags & 0x02) != 0;
        final boolean fin = (flags & 0x01) != 0;
        final boolean rst = (flags & 0x04) != 0;
        final int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1)
        {
            if (fin && rst)
            {
                recordOnce(id, side, fromServer, ONCE_I, 'I');
            }
            else
            {
                recordOnce(id, side, fromServer, ONCE_Q, 'Q');
            }
        }
        else if (syn)
        {
            final boolean ack = (flags & 0x10) != 0;
            if (!recordOnce(id, side, fromServer, ONCE_SYN, ack ? 'H' : 'S') && seq != lastSyn[side])
            {
                append(id, fromServer, ack ? 'H' : 'S');
            }
            lastSyn[side] = seq;
        }
        else if (fin)
        {
            // A FIN's sequence number is at the end of any data it carries.
            final int finSeq = seq + payload;
            if (!recordOnce(id, side, fromServer, ONCE_F, 'F') && finSeq != lastFin[side])
            {
                append(id, fromServer, 'F');
            }
            lastFin[side] = finSeq;
        }
        else if (rst)
        {
            if (!recordOnce(id, side, fromServer, ONCE_R, 'R') && seq != lastRst[side])
            {
                append(id, fromServer, 'R');
            }
            lastRst[side] = seq;
        }
        else if (payload > 0)
        {
            recordOnce(id, side, fromServer, ONCE_D, 'D');
        }
        else if ((flags & 0x10) != 0)
        {
            recordOnce(id, side, fromServer, ONCE_A, 'A');
        }
    }

    /**
     * Records one retransmission (scaled letter T). Zeek's rule, which the caller applies: payload that ends at or
     * below the highest sequence number the side has sent (so 1-byte keep-alives and repeated window probes count).
     */
    public void onRetransmit(final int id, final boolean fromServer)
    {
        final int side = id * 2 + (fromServer ? 1 : 0);
        final int count = ++retransmitCount[side];
        if (count >= Math.max(1, nextRetransmitMark[side]))
        {
            nextRetransmitMark[side] = Math.max(1, nextRetransmitMark[side]) * 10;
            append(id, fromServer, 'T');
        }
    }

    /** Records one zero-window advertisement (scaled letter W). */
    public void onZeroWindow(final int id, final boolean fromServer)
    {
        final int side = id * 2 + (fromServer ? 1 : 0);
        final int count = ++zeroWindowCount[side];
        if (count >= Math.max(1, nextZeroWindowMark[side]))
        {
            nextZeroWindowMark[side] = Math.max(1, nextZeroWindowMark[side]) * 10;
            append(id, fromServer, 'W');
        }
    }

    /**
     * @param id record id.
     * @return the history string (cold path).
     */
    public String render(final int id)
    {
        return new String(letters, id * MAX_LENGTH, lengths[id], java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** @return true if the letter was recorded now (first time for this side), false if it was already there. */
    private boolean recordOnce(final int id, final int side, final boolean fromServer, final int bit, final char c)
    {
        if ((once[side] & bit) != 0)
        {
            return false;
        }
        once[side] |= bit;
        append(id, fromServer, c);
        return true;
    }

    private void append(final int id, final boolean fromServer, final char c)
    {
        final int len = lengths[id];
        if (len < MAX_LENGTH)
        {
            letters[id * MAX_LENGTH + len] = (byte)(fromServer ? Character.toLowerCase(c) : c);
            lengths[id] = (byte)(len + 1);
        }
    }
}
