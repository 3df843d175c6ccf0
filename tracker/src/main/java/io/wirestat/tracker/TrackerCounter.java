package io.wirestat.tracker;

/**
 * Counters a tracker shard keeps, as dense ids indexing a {@code long[]}, with stable snake_case names for
 * reports (Aeron's SystemCounterDescriptor shape).
 */
public final class TrackerCounter
{
    /** TCP segments processed. */
    public static final int SEGMENTS = 0;
    /** Connection records created (including port reuse and mid-stream pickups). */
    public static final int CONNECTIONS = 1;
    /** A new SYN on a 4-tuple whose previous connection was closed or in TIME_WAIT: a new record. */
    public static final int PORT_REUSES = 2;
    /** Connections first seen without their handshake. */
    public static final int MIDSTREAM_PICKUPS = 3;
    /** SYNs repeated with the same ISN. */
    public static final int SYN_RETRANSMITS = 4;
    /** Data or FIN segments that repeat sequence space already seen. */
    public static final int RETRANSMITS = 5;
    /** RSTs outside the receiver's window: ignored for state, counted here. */
    public static final int OUT_OF_WINDOW_RSTS = 6;
    /** Keep-alive probes (one byte, or none, just below the next sequence number). */
    public static final int KEEPALIVES = 7;
    /** Zero-window probes. */
    public static final int ZERO_WINDOW_PROBES = 8;
    /** Segments whose flags make no sense (no SYN/RST and no ACK, SYN+FIN, SYN+RST): counted, state untouched. */
    public static final int INVALID_FLAGS = 9;

    public static final int COUNT = 10;

    private static final String[] NAMES =
    {
        "segments", "connections", "port_reuses", "midstream_pickups", "syn_retransmits", "retransmits",
        "out_of_window_rsts", "keepalives", "zero_window_probes", "invalid_flags"
    };

    private TrackerCounter()
    {
    }

    /**
     * @param id a counter id.
     * @return its stable snake_case name.
     */
    public static String name(final int id)
    {
        return NAMES[id];
    }
}
