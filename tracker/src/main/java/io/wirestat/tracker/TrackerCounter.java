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
    /** Finished records (closed, TIME_WAIT) dropped to make room in a full flow table. */
    public static final int EVICTED_FINISHED = 10;
    /** Half-open records (SYN_SENT, SYN_RECV) dropped to make room in a full flow table. */
    public static final int EVICTED_HALF_OPEN = 11;
    /** Segments of new connections not tracked because the table was full of active connections. */
    public static final int TABLE_FULL_DROPS = 12;

    public static final int COUNT = 13;

    private static final String[] NAMES =
    {
        "segments", "connections", "port_reuses", "midstream_pickups", "syn_retransmits", "retransmits",
        "out_of_window_rsts", "keepalives", "zero_window_probes", "invalid_flags", "evicted_finished",
        "evicted_half_open", "table_full_drops"
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
