package io.wirestat.tracker.decode;

/**
 * Offsets and type codes of the link-layer headers {@link FrameDecoder} walks, one Javadoc'd constant per field
 * (Aeron's FrameDescriptor style). All multi-byte fields are in network byte order unless stated otherwise.
 * Stateless constants only.
 * <p>
 * Ethernet II (IEEE 802.3), 14 bytes, optionally followed by 4-byte tags:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Destination MAC (6 bytes) ...                 |
 *  |  ... Destination MAC          |     Source MAC (6 bytes) ...  |
 *  |                      ... Source MAC                           |
 *  |    EtherType / TPID           |  (VLAN tag: PCP|D|  VLAN id   |
 *  |    inner EtherType)           |
 * </pre>
 * 802.1Q / 802.1ad tag (4 bytes, replaces the EtherType position and pushes it back 4 bytes):
 * <pre>
 *  |       TPID (0x8100/0x88a8)    | PCP |D|       VLAN id         |   then the next EtherType
 * </pre>
 * MPLS label stack entry (RFC 3032), repeated until the S (bottom of stack) bit is set:
 * <pre>
 *  |                Label                  | TC  |S|      TTL      |
 * </pre>
 * Linux cooked v1 (SLL, 16 bytes) and v2 (SLL2, 20 bytes):
 * <pre>
 *  SLL : | packet type | ARPHRD type | addr len | address (8 bytes)        | protocol |
 *          0             2             4          6                          14
 *  SLL2: | protocol | reserved | ifindex (4) | ARPHRD type | pkt type | addr len | address (8 bytes) |
 *          0          2          4             8             10         11         12
 * </pre>
 * BSD NULL / OpenBSD LOOP: a 4-byte address family ({@code AF_INET}, {@code AF_INET6}); NULL writes it in the
 * capturing host's byte order, LOOP in network order.
 */
public final class LinkHeaderDescriptor
{
    /** Offset of the EtherType (or first TPID) in an Ethernet header. */
    public static final int ETHERNET_TYPE_OFFSET = 12;
    /** Length of an untagged Ethernet header. */
    public static final int ETHERNET_HEADER_LENGTH = 14;

    /** Length of one VLAN tag (TPID + TCI) or one MPLS label stack entry. */
    public static final int TAG_LENGTH = 4;
    /** Mask of the 12-bit VLAN id within the 16-bit TCI. */
    public static final int VLAN_ID_MASK = 0xFFF;
    /** Bits a VLAN id occupies in {@link TcpSegment#vlan} (outer id shifted left by this for QinQ). */
    public static final int VLAN_ID_BITS = 12;
    /** Bottom-of-stack bit of an MPLS label stack entry read as a 32-bit int. */
    public static final int MPLS_BOTTOM_OF_STACK = 0x100;

    /** EtherType: IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType: IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** TPID: IEEE 802.1Q customer VLAN tag. */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** TPID: IEEE 802.1ad service VLAN tag (QinQ outer tag). */
    public static final int ETHERTYPE_QINQ = 0x88A8;
    /** TPID: pre-standard QinQ outer tag some switches still send. */
    public static final int ETHERTYPE_QINQ_OLD = 0x9100;
    /** EtherType: MPLS unicast. */
    public static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    /** EtherType: MPLS multicast. */
    public static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    /** EtherType: PPPoE session stage (RFC 2516). */
    public static final int ETHERTYPE_PPPOE_SESSION = 0x8864;

    /** Length of the PPPoE session header (ver/type, code, session id, length) before the PPP protocol field. */
    public static final int PPPOE_HEADER_LENGTH = 6;
    /** Length of the PPP protocol field that follows the PPPoE header. */
    public static final int PPP_PROTOCOL_LENGTH = 2;
    /** PPP protocol: IPv4. */
    public static final int PPP_IPV4 = 0x0021;
    /** PPP protocol: IPv6. */
    public static final int PPP_IPV6 = 0x0057;

    /** Offset of the protocol (EtherType) in a Linux cooked v1 header. */
    public static final int SLL_PROTOCOL_OFFSET = 14;
    /** Length of a Linux cooked v1 header. */
    public static final int SLL_HEADER_LENGTH = 16;
    /** Offset of the protocol (EtherType) in a Linux cooked v2 header. */
    public static final int SLL2_PROTOCOL_OFFSET = 0;
    /** Length of a Linux cooked v2 header. */
    public static final int SLL2_HEADER_LENGTH = 20;

    /** Length of the BSD NULL / LOOP address-family header. */
    public static final int NULL_HEADER_LENGTH = 4;
    /** AF_INET on every BSD and Linux. */
    public static final int AF_INET = 2;
    /** AF_INET6 on Linux. */
    public static final int AF_INET6_LINUX = 10;
    /** AF_INET6 on NetBSD, OpenBSD and BSD/OS. */
    public static final int AF_INET6_BSD = 24;
    /** AF_INET6 on FreeBSD and DragonFly. */
    public static final int AF_INET6_FREEBSD = 28;
    /** AF_INET6 on macOS / Darwin. */
    public static final int AF_INET6_DARWIN = 30;

    private LinkHeaderDescriptor()
    {
    }
}
