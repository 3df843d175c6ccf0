package io.wirestat.tracker.decode;

/**
 * Offsets of the IPv4 header fields (RFC 791 §3.1) the decoder reads, in network byte order. Stateless constants.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |Flags|      Fragment Offset    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL &gt; 5)                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4Descriptor
{
    /** Offset of the byte holding version (high nibble) and IHL (low nibble, in 32-bit words). */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the 16-bit total length (0 when the capturing host's TSO/GSO had not filled it in yet). */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the 16-bit flags + fragment offset field. */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Mask of the 13-bit fragment offset (in 8-byte units). */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    /** Offset of the protocol byte. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the 32-bit source address. */
    public static final int SRC_ADDRESS_OFFSET = 12;
    /** Offset of the 32-bit destination address. */
    public static final int DST_ADDRESS_OFFSET = 16;
    /** Header length without options; also the smallest legal IHL (5) in bytes. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Prefix that turns an IPv4 address into the low 64 bits of its IPv4-mapped IPv6 form. */
    public static final long MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private Ipv4Descriptor()
    {
    }
}
