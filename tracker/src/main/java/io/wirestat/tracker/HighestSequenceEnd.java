package io.wirestat.tracker;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.history.ConnectionHistory;
import io.wirestat.tracker.state.SeqNum;

import static io.wirestat.tracker.flow.ConnectionLayout.C_ZEEK_RETRANSMITS;
import static io.wirestat.tracker.flow.ConnectionLayout.HEND_SHIFT;
import static io.wirestat.tracker.flow.ConnectionLayout.HEND_SPILLED;
import static io.wirestat.tracker.flow.ConnectionLayout.HIGHEST_END_KNOWN;
import static io.wirestat.tracker.flow.ConnectionLayout.S_HIGHEST_END;

/**
 * Zeek's highest sequence end per endpoint (its {@code update_last_seq}), which decides Zeek's retransmission letter
 * in the history: payload ending at or below the side's highest end is a retransmission to Zeek. Kept apart from our
 * own classification ({@link SegmentRules}: Wireshark's, where keep-alives and window probes are not
 * retransmissions) so the history string stays comparable with Zeek's conn.log.
 * <p>
 * The end is held as its distance from SND.NXT in a few bits of the endpoint's word (almost always 0 to 2; the
 * spill table holds the rest), so moving SND.NXT must keep it: {@link #moveSndNxt}. Within one segment the new
 * end is stored only after the segment's flags moved SND.NXT ({@link #settle}): stored before, a data segment's
 * end would sit a payload ahead of SND.NXT and spill. Allocation free. Not thread safe; owned by one shard thread.
 */
final class HighestSequenceEnd
{
    private final Records rec;
    private final ConnectionHistory history;
    /** The segment being applied sets a new highest end: SND.NXT moves need not keep the old one. */
    private boolean pending;

    HighestSequenceEnd(final Records rec, final ConnectionHistory history)
    {
        this.rec = rec;
        this.history = history;
    }

    /** Starts a segment that does not move the highest end (a RST), or ends any segment's bookkeeping. */
    void clear()
    {
        pending = false;
    }

    /**
     * Compares a segment's end with the sender's highest, before the segment's flags are applied; a segment at or
     * below it with payload gets Zeek's retransmission letter.
     *
     * @param side the sender.
     * @param end  the segment's sequence end (SYN and FIN count one each).
     * @return whether {@code end} is the side's new highest; then {@link #settle} stores it.
     */
    boolean check(final int id, final boolean fromServer, final int side, final TcpSegment s, final int end)
    {
        if (!rec.has(side, HIGHEST_END_KNOWN) || SeqNum.after(end, get(side)))
        {
            pending = true;
            return true;
        }
        if (s.payloadLength > 0)
        {
            history.onRetransmit(id, fromServer, rec.increment(side, C_ZEEK_RETRANSMITS));
        }
        pending = false;
        return false;
    }

    /** After the segment's flags were applied: stores the new highest end if {@link #check} found one. */
    void settle(final int side, final int end, final boolean isNew)
    {
        pending = false;
        if (isNew)
        {
            rec.addFacts(side, HIGHEST_END_KNOWN);
            set(side, end);
        }
    }

    /** Moves SND.NXT, keeping the highest end (stored relative to it) where it was. */
    void moveSndNxt(final int side, final int value)
    {
        if (rec.has(side, HIGHEST_END_KNOWN) && !pending)
        {
            final int highest = get(side);
            rec.sndNxtRaw(side, value);
            set(side, highest);
        }
        else
        {
            rec.sndNxtRaw(side, value);
        }
    }

    private int get(final int side)
    {
        final int delta = (rec.word(side) >>> HEND_SHIFT) & HEND_SPILLED;
        return delta == HEND_SPILLED ? (int)rec.spilled(side, S_HIGHEST_END) : rec.sndNxt(side) + delta;
    }

    private void set(final int side, final int value)
    {
        final int delta = value - rec.sndNxt(side);
        final int previous = rec.word(side);
        final int word = previous & ~(HEND_SPILLED << HEND_SHIFT);
        if (delta >= 0 && delta < HEND_SPILLED)
        {
            rec.word(side, word | delta << HEND_SHIFT);
            if ((previous >>> HEND_SHIFT & HEND_SPILLED) == HEND_SPILLED)
            {
                rec.unspill(side, S_HIGHEST_END);
            }
        }
        else
        {
            rec.word(side, word | HEND_SPILLED << HEND_SHIFT);
            rec.spill(side, S_HIGHEST_END, value);
        }
    }
}
