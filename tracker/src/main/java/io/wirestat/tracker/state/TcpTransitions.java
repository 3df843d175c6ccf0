package io.wirestat.tracker.state;

import static io.wirestat.tracker.state.TcpState.CLOSED;
import static io.wirestat.tracker.state.TcpState.CLOSE_WAIT;
import static io.wirestat.tracker.state.TcpState.CLOSING;
import static io.wirestat.tracker.state.TcpState.ESTABLISHED;
import static io.wirestat.tracker.state.TcpState.FIN_WAIT_1;
import static io.wirestat.tracker.state.TcpState.FIN_WAIT_2;
import static io.wirestat.tracker.state.TcpState.IGNORE;
import static io.wirestat.tracker.state.TcpState.LAST_ACK;
import static io.wirestat.tracker.state.TcpState.SYN_RECV;
import static io.wirestat.tracker.state.TcpState.SYN_SENT;
import static io.wirestat.tracker.state.TcpState.TIME_WAIT;

/**
 * The per-endpoint TCP state machine as a table: state × {@link EndpointEvent} → next state, in the form of
 * conntrack's {@code tcp_conntracks[][][]}, written out readably and flattened once for the hot path.
 * See docs/state-model.md for why each cell is what it is. Immutable; thread safe.
 */
public final class TcpTransitions
{
    /**
     * Sentinel cell: "SYN_RECV, or ESTABLISHED when this endpoint's own SYN has already been acknowledged".
     * Receiving the peer's SYN means SYN_RECV for a passive opener or a simultaneous opener, but ESTABLISHED for the
     * ordinary client, whose SYN the SYN-ACK already acknowledged. Never stored.
     */
    public static final byte SYN_RECV_OR_ESTABLISHED = -2;

    // Two-letter aliases keep one table row per line (conntrack's sNO..sTW trick), private to this class.
    private static final byte __ = IGNORE;
    private static final byte SS = SYN_SENT;
    private static final byte SR = SYN_RECV;
    private static final byte ES = ESTABLISHED;
    private static final byte F1 = FIN_WAIT_1;
    private static final byte F2 = FIN_WAIT_2;
    private static final byte CW = CLOSE_WAIT;
    private static final byte CG = CLOSING;
    private static final byte LA = LAST_ACK;
    private static final byte TW = TIME_WAIT;
    private static final byte CL = CLOSED;
    private static final byte RE = SYN_RECV_OR_ESTABLISHED;

    /** [state][event] → next state; rows in {@link TcpState} order, columns in {@link EndpointEvent} order. */
    private static final byte[][] TABLE =
    {
        //                 SYN_OUT SYNACK_OUT PEER_SYN_ACKED OWN_SYN_ACKED FIN_OUT PEER_FIN_ACKED OWN_FIN_ACKED RST TIMEOUT
        /* UNKNOWN     */ { SS,    SR,        RE,            SS,           F1,     CW,            __,           CL, __ },
        //   OWN_SYN_ACKED from UNKNOWN: a SYN-ACK answered a SYN the capture missed; that client is in SYN_SENT
        //   until it acknowledges the SYN-ACK. FIN_OUT/PEER_FIN_ACKED: mid-stream pickup of a close.
        /* LISTEN      */ { SS,    SR,        RE,            __,           __,     __,            __,           CL, __ },
        /* SYN_SENT    */ { __,    SR,        RE,            __,           F1,     __,            __,           CL, __ },
        //   SYNACK_OUT from SYN_SENT: simultaneous open (RFC 9293 §3.5 figure 8). OWN_SYN_ACKED is only
        //   remembered: the client is ESTABLISHED once it has acknowledged the SYN-ACK (the RE cell).
        /* SYN_RECV    */ { __,    __,        __,            ES,           F1,     CW,            __,           CL, __ },
        /* ESTABLISHED */ { __,    __,        __,            __,           F1,     CW,            __,           CL, __ },
        /* FIN_WAIT_1  */ { __,    __,        __,            __,           __,     CG,            F2,           CL, __ },
        //   PEER_FIN_ACKED from FIN_WAIT_1: both FINs crossed (simultaneous close, RFC 9293 figure 13).
        /* FIN_WAIT_2  */ { __,    __,        __,            __,           __,     TW,            __,           CL, __ },
        /* CLOSE_WAIT  */ { __,    __,        __,            __,           LA,     __,            __,           CL, __ },
        /* CLOSING     */ { __,    __,        __,            __,           __,     __,            TW,           CL, __ },
        /* LAST_ACK    */ { __,    __,        __,            __,           __,     __,            CL,           CL, __ },
        /* TIME_WAIT   */ { __,    __,        __,            __,           __,     __,            __,           CL, CL },
        //   RST in TIME_WAIT: Linux's default tcp_rfc1337 = 0 lets a RST end TIME_WAIT early ("assassination").
        /* CLOSED      */ { __,    __,        __,            __,           __,     __,            __,           __, __ },
    };

    /** Flattened runtime form: index {@code state * EndpointEvent.COUNT + event}. */
    private static final byte[] NEXT = flatten();

    private TcpTransitions()
    {
    }

    /**
     * @param state current state.
     * @param event an {@link EndpointEvent}.
     * @return the next state, {@link TcpState#IGNORE} for "unchanged", or {@link #SYN_RECV_OR_ESTABLISHED}.
     */
    public static byte next(final int state, final int event)
    {
        return NEXT[state * EndpointEvent.COUNT + event];
    }

    private static byte[] flatten()
    {
        if (TABLE.length != TcpState.COUNT)
        {
            throw new IllegalStateException("transition table rows=" + TABLE.length + " (expected: " + TcpState.COUNT + ")");
        }
        final byte[] flat = new byte[TcpState.COUNT * EndpointEvent.COUNT];
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            if (TABLE[s].length != EndpointEvent.COUNT)
            {
                throw new IllegalStateException("transition table row " + s + " has " + TABLE[s].length + " cells");
            }
            System.arraycopy(TABLE[s], 0, flat, s * EndpointEvent.COUNT, EndpointEvent.COUNT);
        }
        return flat;
    }
}
