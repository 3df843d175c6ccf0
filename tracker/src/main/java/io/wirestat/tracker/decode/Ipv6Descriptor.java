package io.wirestat.tracker.decode;

/**
 * Offsets of the IPv6 fixed header (RFC 8200 §3) and the extension headers the decoder walks (§4), in network
 * byte order. Stateless constants.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version| Traffic Class |           Flow Label                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Payload Length        |  Next Header  |   Hop Limit   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Source Address (128 bits, offset 8)           |
 *  |                 Destination Address (128 bits, offset 24)     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Generic extension header (hop-by-hop, routing, destination options, mobility): length in 8-byte units not
 * counting the first 8; AH: length in 4-byte units not counting the first 8 (RFC 4302 §2.2); fragment: fixed 8.
 * <pre>
 *  |  Next Header  |  Hdr Ext Len  |  ... (fragment: Fragment Offset (13) |Res|M| ; Identification)
 * </pre>
 */
public final class Ipv6Descriptor
{
    /** Offset of the 16-bit payload length (0 for a jumbogram or a Linux BIG TCP capture). */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of the next-header byte. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of the 128-bit source address. */
    public static final int SRC_ADDRESS_OFFSET = 8;
    /** Offset of the 128-bit destination address. */
    public static final int DST_ADDRESS_OFFSET = 24;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 40;

    /** Offset of the length byte in an extension header. */
    public static final int EXT_LENGTH_OFFSET = 1;
    /** Smallest extension header; also the fragment header's fixed length. */
    public static final int EXT_MIN_LENGTH = 8;
    /** Offset of the 16-bit fragment offset + flags field in a fragment header. */
    public static final int FRAGMENT_OFFSET_OFFSET = 2;
    /** Mask of the fragment offset (upper 13 bits) in that field. */
    public static final int FRAGMENT_OFFSET_MASK = 0xFFF8;

    /** Next header: hop-by-hop options. */
    public static final int HOP_BY_HOP = 0;
    /** Next header: TCP. */
    public static final int TCP = 6;
    /** Next header: routing. */
    public static final int ROUTING = 43;
    /** Next header: fragment. */
    public static final int FRAGMENT = 44;
    /** Next header: encapsulating security payload (opaque: no TCP visible). */
    public static final int ESP = 50;
    /** Next header: authentication header. */
    public static final int AUTHENTICATION = 51;
    /** Next header: no next header. */
    public static final int NO_NEXT_HEADER = 59;
    /** Next header: destination options. */
    public static final int DESTINATION_OPTIONS = 60;
    /** Next header: mobility (RFC 6275). */
    public static final int MOBILITY = 135;

    private Ipv6Descriptor()
    {
    }
}
