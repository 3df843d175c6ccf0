package io.wirestat.tracker.decode;

/**
 * Offsets of the TCP header fields (RFC 9293 §3.1) and option kinds the decoder reads, in network byte order.
 * Stateless constants.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Sequence Number                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Acknowledgment Number                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Offset| Rsvd  |C|E|U|A|P|R|S|F|            Window             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |         Urgent Pointer        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (data offset &gt; 5)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpDescriptor
{
    /** Offset of the 16-bit source port. */
    public static final int SRC_PORT_OFFSET = 0;
    /** Offset of the 16-bit destination port. */
    public static final int DST_PORT_OFFSET = 2;
    /** Offset of the 32-bit sequence number. */
    public static final int SEQ_OFFSET = 4;
    /** Offset of the 32-bit acknowledgement number. */
    public static final int ACK_OFFSET = 8;
    /** Offset of the byte holding the data offset (high nibble, in 32-bit words). */
    public static final int DATA_OFFSET_OFFSET = 12;
    /** Offset of the flags byte (CWR..FIN). */
    public static final int FLAGS_OFFSET = 13;
    /** Offset of the 16-bit window. */
    public static final int WINDOW_OFFSET = 14;
    /** Smallest legal header: data offset of 5 words. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** IP protocol number of TCP. */
    public static final int PROTOCOL = 6;

    /** Option kind: end of option list. */
    public static final int OPT_EOL = 0;
    /** Option kind: no-operation (padding). */
    public static final int OPT_NOP = 1;
    /** Option kind: maximum segment size (length 4). */
    public static final int OPT_MSS = 2;
    /** Option kind: window scale (length 3). */
    public static final int OPT_WSCALE = 3;
    /** Option kind: SACK permitted (length 2). */
    public static final int OPT_SACK_PERMITTED = 4;
    /** Option kind: SACK blocks (length 2 + 8n). */
    public static final int OPT_SACK = 5;
    /** Option kind: timestamps (length 10). */
    public static final int OPT_TIMESTAMP = 8;
    /** Largest window-scale shift RFC 7323 §2.3 allows; larger values are treated as this. */
    public static final int MAX_WINDOW_SCALE = 14;

    private TcpDescriptor()
    {
    }
}
