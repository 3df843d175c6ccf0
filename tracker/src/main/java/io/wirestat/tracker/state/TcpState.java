package io.wirestat.tracker.state;

/**
 * The TCP states of one endpoint, as that endpoint's kernel would hold them, in netstat's spelling.
 * <p>
 * States are {@code byte} constants, not an enum, so a state fits in a {@code byte[]} column of the flow table
 * (conntrack's {@code tcp_conntrack_names[]} pattern). Each is defined by what a passive observer has seen:
 * <ul>
 *   <li>{@link #UNKNOWN}: the wire has given no evidence about this endpoint yet (it has sent nothing and nothing
 *       it sent has been acknowledged). Reports keep it only where the wire says nothing at all about the
 *       endpoint.</li>
 *   <li>{@link #LISTEN}: a passive opener whose only evidence is the listening socket.</li>
 *   <li>{@link #SYN_SENT}: sent a SYN, has not acknowledged any SYN from the peer.</li>
 *   <li>{@link #SYN_RECV}: has answered the peer's SYN (SYN-ACK sent), its own SYN not yet acknowledged.</li>
 *   <li>{@link #ESTABLISHED}: its SYN acknowledged and the peer's SYN acknowledged (or picked up mid-stream).</li>
 *   <li>{@link #FIN_WAIT_1}: sent FIN first; FIN not yet acknowledged; no peer FIN acknowledged.</li>
 *   <li>{@link #FIN_WAIT_2}: its FIN acknowledged; the peer's FIN not yet acknowledged by it.</li>
 *   <li>{@link #CLOSE_WAIT}: acknowledged the peer's FIN before sending its own.</li>
 *   <li>{@link #CLOSING}: sent FIN, then acknowledged the peer's FIN, its own FIN not yet acknowledged.</li>
 *   <li>{@link #LAST_ACK}: passive closer that has sent its FIN, not yet acknowledged.</li>
 *   <li>{@link #TIME_WAIT}: active closer with both FINs acknowledged, for 2·MSL of packet time.</li>
 *   <li>{@link #CLOSED}: reset (valid RST either way), refused, passive closer whose FIN was acknowledged,
 *       or TIME_WAIT expired; in reports also the server of an unanswered SYN, which has no socket for the
 *       connection ({@link StateEvidence}).</li>
 * </ul>
 */
public final class TcpState
{
    public static final byte UNKNOWN = 0;
    public static final byte LISTEN = 1;
    public static final byte SYN_SENT = 2;
    public static final byte SYN_RECV = 3;
    public static final byte ESTABLISHED = 4;
    public static final byte FIN_WAIT_1 = 5;
    public static final byte FIN_WAIT_2 = 6;
    public static final byte CLOSE_WAIT = 7;
    public static final byte CLOSING = 8;
    public static final byte LAST_ACK = 9;
    public static final byte TIME_WAIT = 10;
    public static final byte CLOSED = 11;

    /** Number of real states; valid state values are 0 .. COUNT-1. */
    public static final int COUNT = 12;

    /** Sentinel used in transition tables: the event leaves the state unchanged. Never stored. */
    public static final byte IGNORE = -1;

    private static final String[] NAMES =
    {
        "UNKNOWN", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
        "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "CLOSED"
    };

    /** ss's spellings (`ss state close-wait`), in the same order. */
    private static final String[] SS_NAMES =
    {
        "unknown", "listen", "syn-sent", "syn-recv", "established", "fin-wait-1", "fin-wait-2",
        "close-wait", "closing", "last-ack", "time-wait", "closed"
    };

    private TcpState()
    {
    }

    /**
     * @param state a state constant.
     * @return netstat's spelling, e.g. {@code FIN_WAIT_2}.
     */
    public static String name(final int state)
    {
        return NAMES[state];
    }

    /**
     * @param state a state constant.
     * @return ss's spelling, e.g. {@code fin-wait-2}.
     */
    public static String ssName(final int state)
    {
        return SS_NAMES[state];
    }

    /**
     * Parses netstat (FIN_WAIT_2), ss (fin-wait-2) or lower-case underscore spellings.
     *
     * @param text to parse.
     * @return the state constant, or {@link #IGNORE} if the text names no state.
     */
    public static byte parse(final String text)
    {
        final String norm = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (int i = 0; i < COUNT; i++)
        {
            if (NAMES[i].equals(norm) || ("SYN_RECEIVED".equals(norm) && i == SYN_RECV))
            {
                return (byte)i;
            }
        }
        return IGNORE;
    }
}
