package io.wirestat.tracker.state;

/**
 * What one segment means for one endpoint: the columns of {@link TcpTransitions}. A segment from endpoint E to
 * its peer P yields events for E (what E received, then what E sent) and for P (what of P's was acknowledged);
 * see docs/state-model.md.
 */
public final class EndpointEvent
{
    /** The endpoint sent a SYN without ACK (a new ISN: retransmissions are not events). */
    public static final int SYN_OUT = 0;
    /** The endpoint sent a SYN+ACK. */
    public static final int SYNACK_OUT = 1;
    /** The endpoint acknowledged the peer's SYN: it has received it. */
    public static final int PEER_SYN_ACKED = 2;
    /** The peer acknowledged this endpoint's SYN. */
    public static final int OWN_SYN_ACKED = 3;
    /** The endpoint sent its FIN (first time). */
    public static final int FIN_OUT = 4;
    /** The endpoint acknowledged the peer's FIN: it has received it. */
    public static final int PEER_FIN_ACKED = 5;
    /** The peer acknowledged this endpoint's FIN. */
    public static final int OWN_FIN_ACKED = 6;
    /** An acceptable RST went either way. */
    public static final int RST = 7;
    /** TIME_WAIT has lasted 2·MSL of packet time. */
    public static final int TIMEOUT = 8;

    public static final int COUNT = 9;

    private static final String[] NAMES =
    {
        "SYN_OUT", "SYNACK_OUT", "PEER_SYN_ACKED", "OWN_SYN_ACKED", "FIN_OUT", "PEER_FIN_ACKED", "OWN_FIN_ACKED",
        "RST", "TIMEOUT"
    };

    private EndpointEvent()
    {
    }

    /**
     * @param event an event id.
     * @return its name, for tables and test output.
     */
    public static String name(final int event)
    {
        return NAMES[event];
    }
}
