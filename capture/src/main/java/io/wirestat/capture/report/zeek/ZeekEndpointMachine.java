package io.wirestat.capture.report.zeek;

/**
 * Replays a Zeek-style history string through Zeek's per-endpoint TCP state machine
 * ({@code TCPSessionAdapter::UpdateInactiveState}, {@code UpdateSYN_SentState}, {@code UpdateEstablishedState},
 * {@code UpdateClosedState}, {@code UpdateResetState}) and yields the two endpoint states Zeek would hold when the
 * connection is removed.
 * <p>
 * Zeek's endpoint state is a function of what each endpoint <em>sent</em>, in order, and the history string records
 * exactly that: upper case = originator, lower case = responder, in packet order. Letters map to flags as Zeek's
 * {@code update_history} wrote them: {@code S} SYN, {@code H} SYN+ACK, {@code A} pure ACK, {@code D} ACK with payload,
 * {@code F} FIN, {@code R} RST, {@code I} FIN+RST, {@code Q} multi-flag (taken as SYN+FIN: the history cannot say
 * whether it was SYN+RST). {@code C G T W X ^} carry no state.
 * <p>
 * Limits, all inherited from the history's compression: {@code A} and {@code D} are recorded once per direction,
 * so a later pure ACK or data packet is invisible. The only state change such a packet can cause is the first
 * packet of an endpoint (INACTIVE to PARTIAL/ESTABLISHED), and that first packet is always recorded; the one blind
 * spot is a responder whose first pure ACK left it INACTIVE (Zeek's "eccentric TCP" rule) and whose next, unrecorded
 * pure ACK would make it PARTIAL.
 * <p>
 * Zeek also flips roles on a SYN/SYN-ACK reversal; since our history is already oriented (the SYN sender is upper
 * case), that case arrives here as a responder SYN-ACK followed by an originator bare SYN, and ends, as in Zeek,
 * with both endpoints ESTABLISHED.
 * <p>
 * Cold path (report time); stateless and thread safe.
 */
public final class ZeekEndpointMachine
{
    /** {@code TCP_INACTIVE}: nothing seen from the endpoint yet. */
    public static final byte INACTIVE = 0;
    /** {@code TCP_SYN_SENT}: the originator sent a SYN without ACK. */
    public static final byte SYN_SENT = 1;
    /** {@code TCP_SYN_ACK_SENT}: the originator's first packet was a SYN+ACK. */
    public static final byte SYN_ACK_SENT = 2;
    /** {@code TCP_PARTIAL}: the endpoint's first packet had no SYN. */
    public static final byte PARTIAL = 3;
    /** {@code TCP_ESTABLISHED}: the handshake progressed (a responder is ESTABLISHED once it sent SYN+ACK). */
    public static final byte ESTABLISHED = 4;
    /** {@code TCP_CLOSED}: the endpoint sent a FIN. */
    public static final byte CLOSED = 5;
    /** {@code TCP_RESET}: the endpoint sent a RST. */
    public static final byte RESET = 6;

    private static final String[] NAMES =
    {
        "INACTIVE", "SYN_SENT", "SYN_ACK_SENT", "PARTIAL", "ESTABLISHED", "CLOSED", "RESET"
    };

    private static final int SYN = 1;
    private static final int ACK = 2;
    private static final int FIN = 4;
    private static final int RST = 8;
    private static final int DATA = 16;

    private static final int ORIG = 0;
    private static final int RESP = 1;

    private ZeekEndpointMachine()
    {
    }

    /**
     * The two final endpoint states of a connection.
     *
     * @param orig originator's state (one of the constants above).
     * @param resp responder's state.
     */
    public record States(byte orig, byte resp)
    {
        @Override
        public String toString()
        {
            return name(orig) + "/" + name(resp);
        }
    }

    /**
     * @param state an endpoint state constant.
     * @return Zeek's name without the {@code TCP_} prefix, e.g. {@code SYN_SENT}.
     */
    public static String name(final byte state)
    {
        return state >= 0 && state < NAMES.length ? NAMES[state] : "?" + state;
    }

    /**
     * @param history Zeek-style history (may be empty or null).
     * @return the endpoint states Zeek would end with after the packets this history describes.
     */
    public static States replay(final String history)
    {
        // state[side], prev[side]: Zeek keeps prev_state for the "FIN after the peer's FIN then RST" rule.
        final byte[] state = { INACTIVE, INACTIVE };
        final byte[] prev = { INACTIVE, INACTIVE };
        final int length = history == null ? 0 : history.length();
        for (int i = 0; i < length; i++)
        {
            final char c = history.charAt(i);
            final int flags = flagsOf(Character.toUpperCase(c));
            if (flags == 0)
            {
                continue;
            }
            final int side = Character.isUpperCase(c) ? ORIG : RESP;
            step(state, prev, side, flags);
        }
        return new States(state[ORIG], state[RESP]);
    }

    private static int flagsOf(final char upper)
    {
        switch (upper)
        {
            case 'S':
                return SYN;
            case 'H':
                return SYN | ACK;
            case 'A':
                return ACK;
            case 'D':
                return ACK | DATA;
            case 'F':
                return FIN | ACK;
            case 'R':
                return RST;
            case 'I':
                return FIN | RST | ACK;
            case 'Q':
                return SYN | FIN;
            default:
                return 0;
        }
    }

    private static void step(final byte[] state, final byte[] prev, final int side, final int flags)
    {
        final int peer = 1 - side;
        switch (state[side])
        {
            case INACTIVE:
                inactive(state, prev, side, flags);
                break;
            case SYN_SENT:
            case SYN_ACK_SENT:
                if ((flags & FIN) != 0)
                {
                    set(state, prev, side, CLOSED);
                }
                if ((flags & RST) != 0)
                {
                    set(state, prev, side, RESET);
                }
                break;
            case ESTABLISHED:
            case PARTIAL:
                if ((flags & SYN) != 0 && (flags & ACK) == 0 && state[side] == PARTIAL && state[peer] == INACTIVE)
                {
                    set(state, prev, side, SYN_SENT);
                }
                if ((flags & FIN) != 0 && (flags & RST) == 0)
                {
                    set(state, prev, side, CLOSED);
                    if (state[peer] == RESET && prev[peer] == CLOSED)
                    {
                        // Zeek: the peer sent FIN then RST; this FIN makes it a normal termination after all.
                        set(state, prev, peer, CLOSED);
                    }
                }
                if ((flags & RST) != 0)
                {
                    set(state, prev, side, RESET);
                }
                break;
            case CLOSED:
                // A RST after both sides sent FIN changes nothing: the FIN exchange already happened.
                if ((flags & RST) != 0 && state[peer] != CLOSED)
                {
                    set(state, prev, side, RESET);
                }
                break;
            default:
                // RESET is final.
                break;
        }
    }

    private static void inactive(final byte[] state, final byte[] prev, final int side, final int flags)
    {
        final int peer = 1 - side;
        final boolean ack = (flags & ACK) != 0;
        if ((flags & SYN) != 0)
        {
            if (side == ORIG)
            {
                if (ack)
                {
                    set(state, prev, side, SYN_ACK_SENT);
                }
                else if (state[peer] == ESTABLISHED && prev[peer] == INACTIVE)
                {
                    // The mirror of Zeek's SYN/SYN-ACK reversal: the responder's SYN-ACK came first; Zeek flips and
                    // establishes both sides.
                    set(state, prev, side, ESTABLISHED);
                }
                else
                {
                    set(state, prev, side, SYN_SENT);
                }
            }
            else
            {
                if (!ack && state[peer] == SYN_ACK_SENT)
                {
                    set(state, prev, peer, ESTABLISHED);
                }
                if (state[peer] == SYN_SENT)
                {
                    set(state, prev, peer, ESTABLISHED);
                }
                set(state, prev, side, ESTABLISHED);
            }
        }
        if ((flags & FIN) != 0)
        {
            set(state, prev, side, CLOSED);
        }
        if ((flags & RST) != 0)
        {
            set(state, prev, side, RESET);
        }
        if (state[side] == INACTIVE)
        {
            if (side == RESP && (flags & DATA) == 0 && state[ORIG] == SYN_SENT)
            {
                // "Eccentric TCPs ack an initial SYN before replying": the responder stays INACTIVE.
                return;
            }
            set(state, prev, side, ack && state[peer] == ESTABLISHED ? ESTABLISHED : PARTIAL);
        }
    }

    private static void set(final byte[] state, final byte[] prev, final int side, final byte next)
    {
        prev[side] = state[side];
        state[side] = next;
    }
}
