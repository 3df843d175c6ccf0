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

    /** Per side (row = id * 2 + side), interleaved: one cache line holds both sides' bookkeeping. */
    private static final int STRIDE = 8;
    /** ONCE_* bits already recorded. */
    private static final int ONCE = 0;
    /** Sequence numbers of the last SYN, FIN and RST, for Zeek's "repeat on a new sequence" rule. */
    private static final int LAST_SYN = 1;
    private static final int LAST_FIN = 2;
    private static final int LAST_RST = 3;
    /** Next count at which T or W is recorded again (1, 10, 100, ...), 0 = not yet started. */
    private static final int NEXT_RETRANSMIT_MARK = 4;
    private static final int RETRANSMIT_COUNT = 5;
    private static final int NEXT_ZERO_WINDOW_MARK = 6;
    private static final int ZERO_WINDOW_COUNT = 7;

    private byte[] letters;
    private byte[] lengths;
    private int[] sides;

    public ConnectionHistory(final int capacity)
    {
        letters = new byte[capacity * MAX_LENGTH];
        lengths = new byte[capacity];
        sides = new int[capacity * 2 * STRIDE];
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
        sides = Arrays.copyOf(sides, capacity * 2 * STRIDE);
    }

    /** Empties a record's history (its id is being reused for a new connection). */
    public void clear(final int id)
    {
        lengths[id] = 0;
        Arrays.fill(sides, id * 2 * STRIDE, (id * 2 + 2) * STRIDE, 0);
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
        final int side = (id * 2 + (fromServer ? 1 : 0)) * STRIDE;
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
            if (!recordOnce(id, side, fromServer, ONCE_SYN, ack ? 'H' : 'S') && seq != sides[side + LAST_SYN])
            {
                append(id, fromServer, ack ? 'H' : 'S');
            }
            sides[side + LAST_SYN] = seq;
        }
        else if (fin)
        {
            // A FIN's sequence number is at the end of any data it carries.
            final int finSeq = seq + payload;
            if (!recordOnce(id, side, fromServer, ONCE_F, 'F') && finSeq != sides[side + LAST_FIN])
            {
                append(id, fromServer, 'F');
            }
            sides[side + LAST_FIN] = finSeq;
        }
        else if (rst)
        {
            if (!recordOnce(id, side, fromServer, ONCE_R, 'R') && seq != sides[side + LAST_RST])
            {
                append(id, fromServer, 'R');
            }
            sides[side + LAST_RST] = seq;
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
        final int side = (id * 2 + (fromServer ? 1 : 0)) * STRIDE;
        final int count = ++sides[side + RETRANSMIT_COUNT];
        if (count >= Math.max(1, sides[side + NEXT_RETRANSMIT_MARK]))
        {
            sides[side + NEXT_RETRANSMIT_MARK] = Math.max(1, sides[side + NEXT_RETRANSMIT_MARK]) * 10;
            append(id, fromServer, 'T');
        }
    }

    /** Records one zero-window advertisement (scaled letter W). */
    public void onZeroWindow(final int id, final boolean fromServer)
    {
        final int side = (id * 2 + (fromServer ? 1 : 0)) * STRIDE;
        final int count = ++sides[side + ZERO_WINDOW_COUNT];
        if (count >= Math.max(1, sides[side + NEXT_ZERO_WINDOW_MARK]))
        {
            sides[side + NEXT_ZERO_WINDOW_MARK] = Math.max(1, sides[side + NEXT_ZERO_WINDOW_MARK]) * 10;
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
        if ((sides[side + ONCE] & bit) != 0)
        {
            return false;
        }
        sides[side + ONCE] |= bit;
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
