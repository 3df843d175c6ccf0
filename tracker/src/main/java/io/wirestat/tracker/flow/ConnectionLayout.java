package io.wirestat.tracker.flow;

/**
 * The layout of one connection record: {@link #STRIDE} ints in a {@link RecordPages} page, both endpoints and the
 * key together, so that a segment touches two cache lines of one record (and the index) and nothing else.
 * <pre>
 *  int  connection words                          endpoint words (client at E_CLIENT, server at E_SERVER)
 *   0   client IPv4 address, or IPv6 key handle   +0  WORD: state 4 | facts 9 | wscale 4 | tw 1 | hEnd 7 | once 7
 *   1   server IPv4 address                       +1  ISN, or the FIN's sequence number once FIN_SENT
 *   2   client port &lt;&lt; 16 | server port           +2  SND_NXT: next sequence number the endpoint will send
 *   3   META: vlan 12 | flags 9 | first-seen hi 11 +3  MAX_ACK: highest ACK it sent
 *   4   first seen, low 32 bits (µs, see below)   +4  WIN_RETX: window 16 | retransmits 16
 *   5   history letters, low word                 +5  PKT_HDR: packets 16 | IP+TCP header bytes 16
 *   6   history letters, high word                +6  PAYLOAD: TCP payload bytes
 *                                                 +7  LAST_PACKET, +8 LAST_PAYLOAD, +9 STATE_SINCE ({@link PackedTime})
 *                                                 +10 COUNTS: small counters, see the C_* fields
 * </pre>
 * A counter narrower than its range saturates at its field's all-ones value and keeps the rest in the
 * {@link SpillTable}, so every count is exact while the common record stays small, and a counter that never filled
 * its field is read and cleared without a spill look-up. Rare values
 * (QinQ or asymmetric VLAN ids, a FIN or SYN repeated at a new sequence number, a RST's sequence number,
 * history letters past the in-record ones) live in the spill table too.
 * <p>
 * First seen is microseconds relative to the table's epoch (43 bits, about 100 days around the first record;
 * outside that, the exact time is spilled); the other times are relative to first seen ({@link PackedTime}).
 */
public final class ConnectionLayout
{
    /** Ints per record. */
    public static final int STRIDE = 29;

    public static final int KEY_CLIENT = 0;
    public static final int KEY_SERVER = 1;
    public static final int PORTS = 2;
    public static final int META = 3;
    public static final int FIRST_SEEN_LO = 4;
    public static final int HISTORY_LO = 5;
    public static final int HISTORY_HI = 6;
    /** Offset of the client's endpoint words. */
    public static final int E_CLIENT = 7;
    /** Ints per endpoint. */
    public static final int E_STRIDE = 11;
    /** Offset of the server's endpoint words. */
    public static final int E_SERVER = E_CLIENT + E_STRIDE;

    public static final int E_WORD = 0;
    public static final int E_ISN_OR_FIN = 1;
    public static final int E_SND_NXT = 2;
    public static final int E_MAX_ACK = 3;
    public static final int E_WIN_RETX = 4;
    public static final int E_PKT_HDR = 5;
    public static final int E_PAYLOAD = 6;
    public static final int E_LAST_PACKET = 7;
    public static final int E_LAST_PAYLOAD = 8;
    public static final int E_STATE_SINCE = 9;
    public static final int E_COUNTS = 10;

    // META bits.
    public static final int VLAN_MASK = 0xFFF;
    /** Record holds a connection (not a free id). */
    public static final int F_LIVE = 1 << 12;
    /** Record is the current one for its key (in the index). */
    public static final int F_INDEXED = 1 << 13;
    /** Keys are IPv6: KEY_CLIENT is a handle into the IPv6 key store. */
    public static final int F_V6 = 1 << 14;
    /** The handshake was not seen (picked up mid-stream). */
    public static final int F_PARTIAL = 1 << 15;
    /** The SYN reused the 4-tuple while the previous connection on it was still in TIME_WAIT. */
    public static final int F_REUSED_TIME_WAIT = 1 << 16;
    /** Some value of this record lives in the spill table. */
    public static final int F_SPILLED = 1 << 17;
    /** The VLAN ids do not fit 12 bits or differ per direction: both are in the spill table. */
    public static final int F_VLAN_SPILLED = 1 << 18;
    /** Eviction class (2 bits), see {@link EvictionPolicy}. */
    public static final int CLASS_SHIFT = 19;
    public static final int CLASS_MASK = 3 << CLASS_SHIFT;
    public static final int FIRST_SEEN_HI_SHIFT = 21;
    public static final int FIRST_SEEN_HI_BITS = 11;

    // Endpoint WORD bits.
    public static final int STATE_MASK = 0xF;
    public static final int FACTS_SHIFT = 4;
    public static final int FACTS_MASK = 0x1FF << FACTS_SHIFT;
    public static final int WSCALE_SHIFT = 13;
    public static final int WSCALE_NONE = 15;
    /** The endpoint has been in TIME_WAIT (its start is derived from STATE_SINCE or spilled). */
    public static final int W_TIME_WAIT_SEEN = 1 << 17;
    /** highestEnd - sndNxt (Zeek's retransmission rule); {@link #HEND_SPILLED} means it is in the spill table. */
    public static final int HEND_SHIFT = 18;
    public static final int HEND_SPILLED = 0x7F;
    /** Zeek history "once" letters recorded for this side (7 bits). */
    public static final int ONCE_SHIFT = 25;

    // Endpoint fact bits (within FACTS, already shifted).
    /** The endpoint has sent a SYN; ISN_OR_FIN holds its sequence number until it sends a FIN. */
    public static final int ISN_KNOWN = 1 << FACTS_SHIFT;
    /** SND_NXT is valid. */
    public static final int SEQ_KNOWN = 2 << FACTS_SHIFT;
    /** The endpoint has sent an ACK; MAX_ACK and the window are valid. */
    public static final int ACK_KNOWN = 4 << FACTS_SHIFT;
    /** The endpoint has sent a FIN; ISN_OR_FIN now holds the FIN's sequence number. */
    public static final int FIN_SENT = 8 << FACTS_SHIFT;
    /** The peer has acknowledged this endpoint's SYN. */
    public static final int OWN_SYN_ACKED = 16 << FACTS_SHIFT;
    /** This endpoint has acknowledged the peer's SYN. */
    public static final int PEER_SYN_ACKED = 32 << FACTS_SHIFT;
    /** The peer has acknowledged this endpoint's FIN. */
    public static final int OWN_FIN_ACKED = 64 << FACTS_SHIFT;
    /** This endpoint has acknowledged the peer's FIN. */
    public static final int PEER_FIN_ACKED = 128 << FACTS_SHIFT;
    /** The highest sequence end (Zeek's last_seq) is valid. */
    public static final int HIGHEST_END_KNOWN = 256 << FACTS_SHIFT;

    // COUNTS fields: shift and width. Each carries into the spill table when it wraps.
    public static final int C_KEEPALIVES = 0;
    public static final int C_ZERO_WINDOW_PROBES = 1;
    public static final int C_UNANSWERED = 2;
    public static final int C_FIN_RETRANSMITS = 3;
    public static final int C_ZEEK_RETRANSMITS = 4;
    public static final int C_ZERO_WINDOWS = 5;
    public static final int C_SYN_RETRANSMITS = 6;
    /** Bit: the endpoint reset an established connection right after the peer's data. */
    public static final int RST_AFTER_PEER_DATA = 1 << 31;
    // Spill table field codes (SpillTable.key(id, code)); per-endpoint codes add S_SIDE for the server.
    public static final int S_SIDE = 32;
    /** Carry of COUNTS field f: S_COUNT + f. */
    public static final int S_COUNT = 0;
    public static final int S_RETRANSMITS = 7;
    public static final int S_PACKETS = 8;
    public static final int S_HEADER_BYTES = 9;
    public static final int S_PAYLOAD = 10;
    public static final int S_HIGHEST_END = 11;
    public static final int S_TIME_WAIT_START = 12;
    public static final int S_LAST_SYN = 13;
    public static final int S_LAST_FIN = 14;
    public static final int S_LAST_RST = 15;
    /** The ISN of an endpoint whose FIN came before its SYN was acknowledged. */
    public static final int S_ISN = 16;
    /** Exact times that do not fit {@link PackedTime}: S_TIME + (field - E_LAST_PACKET), three fields. */
    public static final int S_TIME = 17;
    // Connection-level codes (no side), from 20.
    public static final int S_VLAN = 20;
    public static final int S_REPLY_VLAN = 21;
    /** History letters past the record's own, 12 to a long: S_HISTORY + 0, + 1. */
    public static final int S_HISTORY = 22;
    /** Exact first-seen time when it does not fit the record's 43 bits. */
    public static final int S_FIRST_SEEN = 24;
    /** Codes are below this. */
    public static final int S_LIMIT = 64;

    private static final int[] COUNT_SHIFT = {0, 5, 9, 14, 18, 23, 27};
    private static final int[] COUNT_BITS = {5, 4, 5, 4, 5, 4, 4};

    private ConnectionLayout()
    {
    }

    /** @return the shift of a COUNTS field. */
    public static int countShift(final int field)
    {
        return COUNT_SHIFT[field];
    }

    /** @return the width in bits of a COUNTS field. */
    public static int countBits(final int field)
    {
        return COUNT_BITS[field];
    }

    /** @return the endpoint offset of a side (0 client, 1 server). */
    public static int endpoint(final int side)
    {
        return E_CLIENT + side * E_STRIDE;
    }
}
