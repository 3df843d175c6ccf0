package io.wirestat.tracker.decode;

import io.wirestat.tracker.flow.FlowHash;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static io.wirestat.tracker.decode.Hex.bytes;
import static io.wirestat.tracker.decode.Hex.concat;
import static io.wirestat.tracker.decode.Hex.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written frames, header by header in network order, through {@link FrameDecoder}.
 */
class FrameDecoderTest
{
    // ---- link headers -------------------------------------------------------------------------------------------

    /** Ethernet II: dst MAC, src MAC, EtherType IPv4. */
    private static final byte[] ETH_IPV4 = bytes("02 00 00 00 00 02  02 00 00 00 00 01  08 00");
    /** Ethernet II carrying IPv6. */
    private static final byte[] ETH_IPV6 = bytes("02 00 00 00 00 02  02 00 00 00 00 01  86 dd");
    /** Ethernet II whose EtherType is a TPID: tags follow. */
    private static final byte[] ETH_MACS = bytes("02 00 00 00 00 02  02 00 00 00 00 01");

    // ---- IP headers ---------------------------------------------------------------------------------------------

    /** IPv4, IHL 5, total length 40, id 0x1234, DF, TTL 64, TCP, 127.0.0.1 -> 127.0.0.2. */
    private static final byte[] IPV4_40 = bytes(
        "45 00 00 28", // version 4, IHL 5, TOS 0, total length 40
        "12 34 40 00", // id, flags DF, fragment offset 0
        "40 06 00 00", // TTL 64, protocol TCP, checksum (not checked)
        "7f 00 00 01", // source 127.0.0.1
        "7f 00 00 02"); // destination 127.0.0.2

    /** IPv6, payload length 20, next header TCP, ::1 -> fd00::2. */
    private static final byte[] IPV6_20 = bytes(
        "60 00 00 00", // version 6, traffic class 0, flow label 0
        "00 14 06 40", // payload length 20, next header TCP, hop limit 64
        "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01", // source ::1
        "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"); // destination fd00::2

    // ---- TCP headers --------------------------------------------------------------------------------------------

    /** TCP 12345 -> 80, seq 0x01020304, ack 0x0a0b0c0d, data offset 5, SYN|ACK, window 65535, no options. */
    private static final byte[] TCP_20 = bytes(
        "30 39 00 50", // source port 12345, destination port 80
        "01 02 03 04", // sequence number
        "0a 0b 0c 0d", // acknowledgement number
        "50 12 ff ff", // data offset 5, flags SYN|ACK, window 65535
        "00 00 00 00"); // checksum, urgent pointer

    /** TCP SYN with data offset 10 and 20 bytes of options: MSS 1460, NOP, WS 7, SACK-permitted, timestamps. */
    private static final byte[] TCP_SYN_OPTIONS = bytes(
        "30 39 00 50", // source port 12345, destination port 80
        "01 02 03 04", // sequence number
        "00 00 00 00", // acknowledgement number
        "a0 02 fa f0", // data offset 10 (40 bytes), flags SYN, window 64240
        "00 00 00 00", // checksum, urgent pointer
        "02 04 05 b4", // MSS 1460
        "01 03 03 07", // NOP, window scale 7
        "04 02 08 0a", // SACK permitted, timestamps kind/length
        "00 00 00 01", // TSval
        "00 00 00 00"); // TSecr

    private final FrameDecoder decoder = new FrameDecoder();
    private final TcpSegment segment = new TcpSegment();

    // ---- link types ---------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeEveryFieldOfEthernetIpv4Tcp()
    {
        final byte[] frame = concat(ETH_IPV4, IPV4_40, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));

        assertEquals(4, segment.ipVersion);
        assertEquals(0, segment.srcHi);
        assertEquals(0x0000_FFFF_7F00_0001L, segment.srcLo);
        assertEquals(0, segment.dstHi);
        assertEquals(0x0000_FFFF_7F00_0002L, segment.dstLo);
        assertEquals(12345, segment.srcPort);
        assertEquals(80, segment.dstPort);
        assertEquals(0x01020304, segment.seq);
        assertEquals(0x0a0b0c0d, segment.ack);
        assertEquals(TcpSegment.SYN | TcpSegment.ACK, segment.flags);
        assertEquals(65535, segment.window);
        assertEquals(-1, segment.windowScale);
        assertEquals(-1, segment.mss);
        assertEquals(0, segment.options);
        assertEquals(0, segment.payloadLength);
        assertEquals(40, segment.ipLength);
        assertEquals(0, segment.vlan);
        assertEquals(FlowHash.of(0, 0x0000_FFFF_7F00_0001L, 12345, 0, 0x0000_FFFF_7F00_0002L, 80, 0),
            segment.flowHash);
        assertEquals(1, decoder.count(SkipReason.OK));
    }

    @Test
    void shouldReadHighBitFieldsUnsigned()
    {
        final byte[] frame = concat(ETH_IPV4, bytes(
            "45 00 00 28  12 34 40 00  40 06 00 00",
            "c0 a8 ff fe", // source 192.168.255.254: sign bit set
            "ff ff ff ff"), // destination 255.255.255.255
            bytes(
                "ff ff 80 00", // ports 65535 -> 32768
                "ff ff ff ff  80 00 00 00",
                "50 ff 80 01", // all flags, window 32769
                "00 00 00 00"));

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(0x0000_FFFF_C0A8_FFFEL, segment.srcLo);
        assertEquals(0x0000_FFFF_FFFF_FFFFL, segment.dstLo);
        assertEquals(65535, segment.srcPort);
        assertEquals(32768, segment.dstPort);
        assertEquals(-1, segment.seq);
        assertEquals(0x8000_0000, segment.ack);
        assertEquals(0xFF, segment.flags);
        assertEquals(32769, segment.window);
    }

    @Test
    void shouldTakePayloadLengthFromIpEvenWhenSnapLengthCutsIt()
    {
        final byte[] frame = concat(ETH_IPV4, bytes(
            "45 00 05 dc  12 34 40 00  40 06 00 00  7f 00 00 01  7f 00 00 02"), // total length 1500
            TCP_20, zeros(100));

        // 154 bytes captured of 1514 on the wire
        assertEquals(SkipReason.OK, decoder.decode(ByteBuffer.wrap(frame), 0, frame.length, 1514,
            LinkType.ETHERNET, segment));
        assertEquals(1500, segment.ipLength);
        assertEquals(1460, segment.payloadLength);
    }

    @Test
    void shouldIgnoreEthernetPadding()
    {
        final byte[] frame = concat(ETH_IPV4, IPV4_40, TCP_20, zeros(6)); // padded to the 60-byte minimum

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(40, segment.ipLength);
        assertEquals(0, segment.payloadLength);
    }

    @Test
    void shouldSkipNonIpEtherTypes()
    {
        final byte[] arp = concat(ETH_MACS, bytes("08 06"), zeros(28)); // ARP
        final byte[] ieee8023 = concat(ETH_MACS, bytes("00 26 42 42 03"), zeros(38)); // 802.3 length + LLC

        assertEquals(SkipReason.NOT_IP, decode(arp, LinkType.ETHERNET));
        assertEquals(SkipReason.NOT_IP, decode(ieee8023, LinkType.ETHERNET));
        assertEquals(2, decoder.count(SkipReason.NOT_IP));
    }

    @Test
    void shouldDecodeEthernetIpv6Tcp()
    {
        final byte[] frame = concat(ETH_IPV6, IPV6_20, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(6, segment.ipVersion);
        assertEquals(0, segment.srcHi);
        assertEquals(1, segment.srcLo);
        assertEquals(0xfd00_0000_0000_0000L, segment.dstHi);
        assertEquals(2, segment.dstLo);
        assertEquals(60, segment.ipLength);
        assertEquals(0, segment.payloadLength);
        assertEquals(FlowHash.of(0, 1, 12345, 0xfd00_0000_0000_0000L, 2, 80, 0), segment.flowHash);
    }

    @Test
    void shouldKeepSingleVlanId()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "81 00 a0 64", // 802.1Q, PCP 5, VLAN 100
            "08 00"), IPV4_40, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(100, segment.vlan);
        // The VLAN is kept out of the hash (asymmetric tagging): the flow table compares it instead.
        assertEquals(FlowHash.of(0, 0x0000_FFFF_7F00_0001L, 12345, 0, 0x0000_FFFF_7F00_0002L, 80, 0),
            segment.flowHash);
    }

    @Test
    void shouldCombineQinQOuterAndInnerIds()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "88 a8 00 0a", // 802.1ad outer tag, VLAN 10
            "81 00 00 14", // 802.1Q inner tag, VLAN 20
            "86 dd"), IPV6_20, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(10 << 12 | 20, segment.vlan);
        assertEquals(6, segment.ipVersion);
    }

    @Test
    void shouldAcceptPreStandard9100OuterTag()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "91 00 0f ff", // 0x9100 outer tag, VLAN 4095
            "81 00 00 01", // inner VLAN 1
            "08 00"), IPV4_40, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(4095 << 12 | 1, segment.vlan);
    }

    @Test
    void shouldKeepLastTwoOfThreeVlanTags()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "88 a8 00 01", // VLAN 1 (dropped)
            "88 a8 00 02", // VLAN 2
            "81 00 00 03", // VLAN 3
            "08 00"), IPV4_40, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(2 << 12 | 3, segment.vlan);
    }

    @Test
    void shouldTreatPriorityTagAsVlanZero()
    {
        final byte[] frame = concat(ETH_MACS, bytes("81 00 e0 00  08 00"), IPV4_40, TCP_20); // PCP 7, VLAN 0

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(0, segment.vlan);
    }

    @Test
    void shouldSkipMplsLabelStackToIpv4()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "88 47", // MPLS unicast
            "00 01 00 40", // label 16, S = 0, TTL 64
            "00 01 11 40"), // label 17, S = 1 (bottom of stack), TTL 64
            IPV4_40, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(4, segment.ipVersion);
        assertEquals(0, segment.vlan);
    }

    @Test
    void shouldSkipMplsMulticastBehindVlanToIpv6()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "81 00 00 07", // VLAN 7
            "88 48", // MPLS multicast
            "00 02 01 40"), // label 32, S = 1
            IPV6_20, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(6, segment.ipVersion);
        assertEquals(7, segment.vlan);
    }

    @Test
    void shouldReportNotIpWhenMplsCarriesNeitherIpVersion()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "88 47  00 01 01 40", // one label, bottom of stack
            "00 00 00 00"), // pseudowire control word: first nibble 0
            ETH_IPV4, IPV4_40, TCP_20);

        assertEquals(SkipReason.NOT_IP, decode(frame, LinkType.ETHERNET));
    }

    @Test
    void shouldDecodePppoeSession()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "88 64", // PPPoE session
            "11 00 00 01 00 2a", // version/type 1/1, code 0, session 1, length 42
            "00 21"), // PPP protocol IPv4
            IPV4_40, TCP_20);
        final byte[] lcp = concat(ETH_MACS, bytes("88 64  11 00 00 01 00 06  c0 21"), zeros(4)); // PPP LCP

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(SkipReason.NOT_IP, decode(lcp, LinkType.ETHERNET));
    }

    @Test
    void shouldDecodeLinuxSll()
    {
        final byte[] frame = concat(bytes(
            "00 00", // packet type: to us
            "00 01", // ARPHRD_ETHER
            "00 06", // address length
            "02 00 00 00 00 01 00 00", // address, padded to 8
            "08 00"), // protocol IPv4
            IPV4_40, TCP_20);
        final byte[] arp = concat(bytes("00 00  00 01  00 06  02 00 00 00 00 01 00 00  08 06"), zeros(28));

        assertEquals(SkipReason.OK, decode(frame, LinkType.LINUX_SLL));
        assertEquals(40, segment.ipLength);
        assertEquals(SkipReason.NOT_IP, decode(arp, LinkType.LINUX_SLL));
    }

    @Test
    void shouldDecodeVlanTagInsideLinuxSll()
    {
        final byte[] frame = concat(bytes(
            "00 00  00 01  00 06  02 00 00 00 00 01 00 00",
            "81 00", // protocol: 802.1Q (tag left in place)
            "00 2a  08 00"), // VLAN 42, then IPv4
            IPV4_40, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.LINUX_SLL));
        assertEquals(42, segment.vlan);
    }

    @Test
    void shouldDecodeLinuxSll2()
    {
        final byte[] frame = concat(bytes(
            "86 dd", // protocol IPv6
            "00 00", // reserved
            "00 00 00 02", // interface index
            "00 01", // ARPHRD_ETHER
            "04", // packet type: outgoing
            "06", // address length
            "02 00 00 00 00 01 00 00"), // address
            IPV6_20, TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.LINUX_SLL2));
        assertEquals(6, segment.ipVersion);
        assertEquals(60, segment.ipLength);
    }

    @Test
    void shouldDecodeBsdNullInEitherByteOrder()
    {
        assertEquals(SkipReason.OK, decode(concat(bytes("02 00 00 00"), IPV4_40, TCP_20), LinkType.NULL)); // LE
        assertEquals(4, segment.ipVersion);
        assertEquals(SkipReason.OK, decode(concat(bytes("00 00 00 02"), IPV4_40, TCP_20), LinkType.NULL)); // BE
        assertEquals(4, segment.ipVersion);

        for (final String family : new String[]{"0a", "18", "1c", "1e"}) // AF_INET6: Linux, *BSD, FreeBSD, Darwin
        {
            assertEquals(SkipReason.OK, decode(concat(bytes(family + " 00 00 00"), IPV6_20, TCP_20), LinkType.NULL));
            assertEquals(6, segment.ipVersion);
            assertEquals(SkipReason.OK, decode(concat(bytes("00 00 00" + family), IPV6_20, TCP_20), LinkType.NULL));
            assertEquals(6, segment.ipVersion);
        }
        assertEquals(SkipReason.NOT_IP, decode(concat(bytes("07 00 00 00"), IPV4_40, TCP_20), LinkType.NULL));
    }

    @Test
    void shouldDecodeOpenBsdLoopInNetworkOrder()
    {
        assertEquals(SkipReason.OK, decode(concat(bytes("00 00 00 02"), IPV4_40, TCP_20), LinkType.LOOP));
        assertEquals(SkipReason.OK, decode(concat(bytes("00 00 00 18"), IPV6_20, TCP_20), LinkType.LOOP));
        assertEquals(6, segment.ipVersion);
    }

    @Test
    void shouldDecodeRawIpByVersionNibble()
    {
        for (final int linkType : new int[]{LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14})
        {
            assertEquals(SkipReason.OK, decode(concat(IPV4_40, TCP_20), linkType));
            assertEquals(4, segment.ipVersion);
            assertEquals(SkipReason.OK, decode(concat(IPV6_20, TCP_20), linkType));
            assertEquals(6, segment.ipVersion);
        }
        final byte[] version5 = concat(bytes("55"), zeros(39));
        assertEquals(SkipReason.BAD_IP_HEADER, decode(version5, LinkType.RAW));
    }

    @Test
    void shouldDecodeLinktypeIpv4AndIpv6()
    {
        assertEquals(SkipReason.OK, decode(concat(IPV4_40, TCP_20), LinkType.IPV4));
        assertEquals(4, segment.ipVersion);
        assertEquals(SkipReason.OK, decode(concat(IPV6_20, TCP_20), LinkType.IPV6));
        assertEquals(6, segment.ipVersion);
        assertEquals(SkipReason.BAD_IP_HEADER, decode(concat(IPV6_20, TCP_20), LinkType.IPV4));
        assertEquals(SkipReason.BAD_IP_HEADER, decode(concat(IPV4_40, TCP_20), LinkType.IPV6));
    }

    @Test
    void shouldReportUnsupportedLinkType()
    {
        final byte[] frame = concat(ETH_IPV4, IPV4_40, TCP_20);

        assertEquals(SkipReason.UNSUPPORTED_LINK_TYPE, decode(frame, 104)); // Cisco HDLC
        assertEquals(SkipReason.UNSUPPORTED_LINK_TYPE, decode(frame, 10)); // FDDI
        assertEquals(SkipReason.UNSUPPORTED_LINK_TYPE, decode(frame, -1));
        assertEquals(3, decoder.count(SkipReason.UNSUPPORTED_LINK_TYPE));
    }

    // ---- IPv4 ---------------------------------------------------------------------------------------------------

    @Test
    void shouldSkipIpv4Options()
    {
        final byte[] frame = concat(ETH_IPV4, bytes(
            "47 00 00 30", // IHL 7 (28 bytes), total length 48
            "12 34 40 00  40 06 00 00  7f 00 00 01  7f 00 00 02",
            "94 04 00 00", // router alert option
            "01 01 01 00"), // NOP NOP NOP EOL
            TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(12345, segment.srcPort);
        assertEquals(0x01020304, segment.seq);
        assertEquals(48, segment.ipLength);
        assertEquals(0, segment.payloadLength);
    }

    @Test
    void shouldRejectBadIpv4Headers()
    {
        final byte[] version6 = concat(ETH_IPV4, bytes("65 00 00 28"), zeros(16), TCP_20);
        final byte[] ihl4 = concat(ETH_IPV4, bytes("44 00 00 28"), zeros(16), TCP_20);
        final byte[] totalBelowHeader = concat(ETH_IPV4, bytes(
            "45 00 00 10  12 34 40 00  40 06 00 00  7f 00 00 01  7f 00 00 02"), TCP_20); // total length 16

        assertEquals(SkipReason.BAD_IP_HEADER, decode(version6, LinkType.ETHERNET));
        assertEquals(SkipReason.BAD_IP_HEADER, decode(ihl4, LinkType.ETHERNET));
        assertEquals(SkipReason.BAD_IP_HEADER, decode(totalBelowHeader, LinkType.ETHERNET));
        assertEquals(3, decoder.count(SkipReason.BAD_IP_HEADER));
    }

    @Test
    void shouldReportNonTcpIpv4AsNotTcp()
    {
        final byte[] udp = concat(ETH_IPV4, bytes(
            "45 00 00 1c  12 34 40 00",
            "40 11 00 00", // protocol UDP
            "7f 00 00 01  7f 00 00 02"),
            bytes("30 39 00 35  00 08 00 00")); // UDP header

        assertEquals(SkipReason.NOT_TCP, decode(udp, LinkType.ETHERNET));
    }

    @Test
    void shouldDecodeFirstIpv4FragmentAndSkipLaterOnes()
    {
        final byte[] first = concat(ETH_IPV4, bytes(
            "45 00 00 3c", // total length 60: this fragment's 40 bytes of TCP
            "12 34 20 00", // MF set, offset 0
            "40 06 00 00  7f 00 00 01  7f 00 00 02"), TCP_20, zeros(20));
        final byte[] later = concat(ETH_IPV4, bytes(
            "45 00 00 3c",
            "12 34 00 05", // MF clear, offset 5 (40 bytes)
            "40 06 00 00  7f 00 00 01  7f 00 00 02"), zeros(40));
        final byte[] middle = concat(ETH_IPV4, bytes(
            "45 00 00 3c",
            "12 34 20 05", // MF set, offset 5
            "40 06 00 00  7f 00 00 01  7f 00 00 02"), zeros(40));
        final byte[] udpLater = concat(ETH_IPV4, bytes(
            "45 00 00 3c  12 34 00 05",
            "40 11 00 00", // UDP: ordinary non-TCP traffic, fragment or not
            "7f 00 00 01  7f 00 00 02"), zeros(40));

        assertEquals(SkipReason.OK, decode(first, LinkType.ETHERNET));
        assertEquals(20, segment.payloadLength); // what this fragment carries
        assertEquals(SkipReason.IP_FRAGMENT, decode(later, LinkType.ETHERNET));
        assertEquals(SkipReason.IP_FRAGMENT, decode(middle, LinkType.ETHERNET));
        assertEquals(SkipReason.NOT_TCP, decode(udpLater, LinkType.ETHERNET));
        assertEquals(2, decoder.count(SkipReason.IP_FRAGMENT));
    }

    @Test
    void shouldFallBackToWireLengthWhenTsoLeftTotalLengthZero()
    {
        final byte[] frame = concat(ETH_IPV4, bytes(
            "45 00 00 00", // total length 0: TSO super-packet seen before segmentation
            "12 34 40 00  40 06 00 00  7f 00 00 01  7f 00 00 02"), TCP_20, zeros(200));

        // snap length 254 of a 65000-byte frame on the wire
        assertEquals(SkipReason.OK,
            decoder.decode(ByteBuffer.wrap(frame), 0, frame.length, 65000, LinkType.ETHERNET, segment));
        assertEquals(65000 - 14, segment.ipLength);
        assertEquals(65000 - 14 - 40, segment.payloadLength);
    }

    @Test
    void shouldFallBackToWireLengthForTsoBehindVlan()
    {
        final byte[] frame = concat(ETH_MACS, bytes("81 00 00 05  08 00  45 00 00 00"),
            bytes("12 34 40 00  40 06 00 00  7f 00 00 01  7f 00 00 02"), TCP_20, zeros(100));

        assertEquals(SkipReason.OK,
            decoder.decode(ByteBuffer.wrap(frame), 0, frame.length, 9000, LinkType.ETHERNET, segment));
        assertEquals(9000 - 18, segment.ipLength);
        assertEquals(9000 - 18 - 40, segment.payloadLength);
    }

    // ---- IPv6 ---------------------------------------------------------------------------------------------------

    @Test
    void shouldWalkIpv6ExtensionHeaderChain()
    {
        final byte[] frame = concat(ETH_IPV6, bytes(
            "60 00 00 00",
            "00 48 00 40", // payload length 72, next header hop-by-hop
            "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01",
            "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"),
            bytes("2b 00 01 04 00 00 00 00"), // hop-by-hop: next routing, length 8, PadN
            bytes("2c 00 00 00 00 00 00 00"), // routing: next fragment, length 8, type 0, segments left 0
            bytes("3c 00 00 01 00 00 00 2a"), // fragment: next dest opts, offset 0, M = 1, id 42
            bytes("33 01 01 0c 00 00 00 00  00 00 00 00 00 00 00 00"), // dest opts: next AH, length 16, PadN
            bytes("06 01 00 00 00 00 10 00 00 00 00 01"), // AH: next TCP, length (1+2)*4 = 12, SPI, seq
            TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(12345, segment.srcPort);
        assertEquals(0x01020304, segment.seq);
        assertEquals(112, segment.ipLength);
        assertEquals(0, segment.payloadLength);
    }

    @Test
    void shouldWalkIpv6MobilityHeader()
    {
        final byte[] frame = concat(ETH_IPV6, bytes(
            "60 00 00 00  00 1c 87 40", // payload length 28, next header mobility
            "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01",
            "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"),
            bytes("06 00 00 00 00 00 00 00"), // mobility: next TCP, length 8
            TCP_20);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(68, segment.ipLength);
    }

    @Test
    void shouldSkipNonFirstIpv6Fragments()
    {
        final byte[] tcpFragment = concat(ETH_IPV6, bytes(
            "60 00 00 00  00 30 2c 40", // payload length 48, next header fragment
            "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01",
            "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"),
            bytes("06 00 00 b8 00 00 00 2a"), // fragment: next TCP, offset 23 (184 bytes), M = 0
            zeros(40));
        final byte[] udpFragment = tcpFragment.clone();
        udpFragment[14 + 40] = 17; // fragment of UDP
        final byte[] firstFragment = concat(ETH_IPV6, bytes(
            "60 00 00 00  00 1c 2c 40",
            "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01",
            "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"),
            bytes("06 00 00 01 00 00 00 2a"), // offset 0, M = 1
            TCP_20);

        assertEquals(SkipReason.IP_FRAGMENT, decode(tcpFragment, LinkType.ETHERNET));
        assertEquals(SkipReason.NOT_TCP, decode(udpFragment, LinkType.ETHERNET));
        assertEquals(SkipReason.OK, decode(firstFragment, LinkType.ETHERNET));
    }

    @Test
    void shouldReportEspNoNextHeaderAndUdpOverIpv6AsNotTcp()
    {
        for (final int nextHeader : new int[]{50, 59, 17, 58})
        {
            final byte[] frame = concat(ETH_IPV6, IPV6_20, TCP_20);
            frame[14 + 6] = (byte)nextHeader;
            assertEquals(SkipReason.NOT_TCP, decode(frame, LinkType.ETHERNET), "next header " + nextHeader);
        }
        assertEquals(4, decoder.count(SkipReason.NOT_TCP));
    }

    @Test
    void shouldFallBackToWireLengthForIpv6PayloadLengthZero()
    {
        final byte[] frame = concat(ETH_IPV6, bytes(
            "60 00 00 00  00 00 06 40", // payload length 0: BIG TCP
            "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01",
            "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"), TCP_20, zeros(64));

        assertEquals(SkipReason.OK,
            decoder.decode(ByteBuffer.wrap(frame), 0, frame.length, 80054, LinkType.ETHERNET, segment));
        assertEquals(80054 - 14, segment.ipLength);
        assertEquals(80054 - 14 - 60, segment.payloadLength);
    }

    @Test
    void shouldRejectIpv6ExtensionHeaderBeyondPayloadLength()
    {
        final byte[] frame = concat(ETH_IPV6, bytes(
            "60 00 00 00  00 04 00 40", // payload length 4, next header hop-by-hop
            "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01",
            "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"),
            bytes("06 00 01 04 00 00 00 00"), TCP_20);

        assertEquals(SkipReason.BAD_IP_HEADER, decode(frame, LinkType.ETHERNET));
    }

    // ---- TCP ----------------------------------------------------------------------------------------------------

    @Test
    void shouldRejectBadTcpDataOffsets()
    {
        final byte[] offset4 = concat(ETH_IPV4, IPV4_40, TCP_20);
        offset4[14 + 20 + 12] = 0x40; // data offset 4 words
        final byte[] beyondIp = concat(ETH_IPV4, IPV4_40, TCP_20, zeros(40));
        beyondIp[14 + 20 + 12] = (byte)0xf0; // data offset 15 words = 60 bytes, IP payload only 20

        assertEquals(SkipReason.BAD_TCP_HEADER, decode(offset4, LinkType.ETHERNET));
        assertEquals(SkipReason.BAD_TCP_HEADER, decode(beyondIp, LinkType.ETHERNET));
        assertEquals(2, decoder.count(SkipReason.BAD_TCP_HEADER));
    }

    @Test
    void shouldParseTcpOptions()
    {
        final byte[] frame = concat(ETH_IPV4, ipv4WithTotalLength(60), TCP_SYN_OPTIONS);

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(1460, segment.mss);
        assertEquals(7, segment.windowScale);
        assertEquals(TcpSegment.OPT_MSS | TcpSegment.OPT_WSCALE | TcpSegment.OPT_SACK_PERMITTED |
            TcpSegment.OPT_TIMESTAMP, segment.options);
        assertEquals(TcpSegment.SYN, segment.flags);
        assertEquals(64240, segment.window);
        assertEquals(0, segment.payloadLength);
    }

    @Test
    void shouldClampWindowScaleAndSeeSackBlocks()
    {
        final byte[] frame = concat(ETH_IPV4, ipv4WithTotalLength(56), bytes(
            "30 39 00 50  01 02 03 04  0a 0b 0c 0d",
            "90 12 01 00", // data offset 9 (36 bytes), SYN+ACK
            "00 00 00 00",
            "03 03 0f 01", // window scale 15 (clamped to 14), NOP
            "05 0a 00 00 00 10 00 00 00 20", // SACK, one block
            "01 01")); // NOP NOP

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(14, segment.windowScale);
        assertEquals(-1, segment.mss);
        assertEquals(TcpSegment.OPT_WSCALE | TcpSegment.OPT_SACK, segment.options);
    }

    @Test
    void shouldLeaveOptionsOfNonSynSegmentsUnparsed()
    {
        final byte[] frame = concat(ETH_IPV4, ipv4WithTotalLength(56), bytes(
            "30 39 00 50  01 02 03 04  0a 0b 0c 0d",
            "90 10 01 00", // data offset 9 (36 bytes), ACK only
            "00 00 00 00",
            "03 03 0f 01", // a window scale here would be meaningless (RFC 7323 §2.2: only on SYN)
            "05 0a 00 00 00 10 00 00 00 20",
            "01 01"));

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(-1, segment.windowScale);
        assertEquals(-1, segment.mss);
        assertEquals(0, segment.options);
        assertEquals(0, segment.payloadLength);
    }

    @Test
    void shouldStopOptionParsingAtEndOfList()
    {
        final byte[] frame = concat(ETH_IPV4, ipv4WithTotalLength(48), bytes(
            "30 39 00 50  01 02 03 04  00 00 00 00  70 02 ff ff  00 00 00 00", // data offset 7
            "00 00 00 00", // EOL, then padding
            "02 04 05 b4")); // an MSS after EOL is not an option

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(-1, segment.mss);
        assertEquals(0, segment.options);
    }

    @Test
    void shouldStopOptionParsingAtMalformedLengthWithoutSkipping()
    {
        final byte[] zeroLength = concat(ETH_IPV4, ipv4WithTotalLength(48), bytes(
            "30 39 00 50  01 02 03 04  00 00 00 00  70 02 ff ff  00 00 00 00",
            "02 04 05 b4", // MSS 1460
            "03 00 07 01")); // window scale with length 0: malformed, stops parsing
        final byte[] lengthOne = concat(ETH_IPV4, ipv4WithTotalLength(48), bytes(
            "30 39 00 50  01 02 03 04  00 00 00 00  70 02 ff ff  00 00 00 00",
            "01 01 08 01", // NOP NOP, timestamps with length 1: malformed
            "02 04 05 b4"));
        final byte[] pastHeader = concat(ETH_IPV4, ipv4WithTotalLength(48), bytes(
            "30 39 00 50  01 02 03 04  00 00 00 00  70 02 ff ff  00 00 00 00",
            "04 02 01 01", // SACK permitted, NOP NOP
            "08 0a 00 00"), // timestamps of 10 bytes in a 4-byte remainder
            zeros(6));

        assertEquals(SkipReason.OK, decode(zeroLength, LinkType.ETHERNET));
        assertEquals(1460, segment.mss);
        assertEquals(-1, segment.windowScale);
        assertEquals(TcpSegment.OPT_MSS, segment.options);

        assertEquals(SkipReason.OK, decode(lengthOne, LinkType.ETHERNET));
        assertEquals(-1, segment.mss);
        assertEquals(0, segment.options);

        assertEquals(SkipReason.OK, decode(pastHeader, LinkType.ETHERNET));
        assertEquals(TcpSegment.OPT_SACK_PERMITTED, segment.options);
    }

    @Test
    void shouldIgnoreKnownOptionWithWrongLengthAndContinue()
    {
        final byte[] frame = concat(ETH_IPV4, ipv4WithTotalLength(56), bytes(
            "30 39 00 50  01 02 03 04  00 00 00 00  90 02 ff ff  00 00 00 00", // data offset 9
            "02 03 05", // MSS with length 3: ignored
            "1b 08 00 00 00 00 00 00", // unknown kind 27, length 8: skipped
            "03 03 02", // window scale 2
            "00 00")); // EOL, padding

        assertEquals(SkipReason.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(-1, segment.mss);
        assertEquals(2, segment.windowScale);
        assertEquals(TcpSegment.OPT_WSCALE, segment.options);
    }

    @Test
    void shouldParseOnlyCapturedOptionsWhenSnapLengthCutsThem()
    {
        final byte[] frame = concat(ETH_IPV4, ipv4WithTotalLength(60), TCP_SYN_OPTIONS);
        final int tcp = 14 + 20;

        // MSS and NOP + window scale captured, SACK-permitted cut after its kind byte
        assertEquals(SkipReason.OK, decoder.decode(ByteBuffer.wrap(frame), 0, tcp + 29, frame.length,
            LinkType.ETHERNET, segment));
        assertEquals(1460, segment.mss);
        assertEquals(7, segment.windowScale);
        assertEquals(TcpSegment.OPT_MSS | TcpSegment.OPT_WSCALE, segment.options);

        // MSS value cut in half
        assertEquals(SkipReason.OK, decoder.decode(ByteBuffer.wrap(frame), 0, tcp + 23, frame.length,
            LinkType.ETHERNET, segment));
        assertEquals(-1, segment.mss);
        assertEquals(0, segment.options);
    }

    // ---- truncation and bounds ----------------------------------------------------------------------------------

    @Test
    void shouldReportTheRightReasonAtEveryTruncationOfEthernetIpv4()
    {
        final byte[] frame = concat(ETH_IPV4, ipv4WithTotalLength(60), TCP_SYN_OPTIONS);

        assertEveryCut(frame, LinkType.ETHERNET, 14, 14 + 20, 14 + 20 + 20);
    }

    @Test
    void shouldReportTheRightReasonAtEveryTruncationOfTaggedMplsIpv6WithExtensions()
    {
        final byte[] frame = concat(ETH_MACS, bytes(
            "88 a8 00 0a  81 00 00 14", // QinQ 10/20
            "88 47  00 01 00 40  00 01 11 40"), // two MPLS labels
            bytes("60 00 00 00  00 2c 00 40", // payload length 44, next header hop-by-hop
                "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01",
                "fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02"),
            bytes("3c 00 01 04 00 00 00 00"), // hop-by-hop: next dest opts
            bytes("06 01 01 0c 00 00 00 00  00 00 00 00 00 00 00 00"), // dest opts (16): next TCP
            TCP_20);
        final int link = 12 + 8 + 2 + 8;

        assertEveryCut(frame, LinkType.ETHERNET, link, link + 40 + 24, link + 40 + 24 + 20);
        assertEquals(10 << 12 | 20, segment.vlan);
        assertEquals(6, segment.ipVersion);
    }

    @Test
    void shouldReportTheRightReasonAtEveryTruncationOfOtherLinkTypes()
    {
        assertEveryCut(concat(bytes("00 00 00 01 00 06 02 00 00 00 00 01 00 00 08 00"), IPV4_40, TCP_20),
            LinkType.LINUX_SLL, 16, 36, 56);
        assertEveryCut(concat(bytes("86 dd 00 00 00 00 00 02 00 01 04 06 02 00 00 00 00 01 00 00"), IPV6_20,
            TCP_20), LinkType.LINUX_SLL2, 20, 60, 80);
        assertEveryCut(concat(bytes("02 00 00 00"), IPV4_40, TCP_20), LinkType.NULL, 4, 24, 44);
        assertEveryCut(concat(bytes("00 00 00 18"), IPV6_20, TCP_20), LinkType.LOOP, 4, 44, 64);
        assertEveryCut(concat(IPV4_40, TCP_20), LinkType.RAW, 0, 20, 40);
        assertEveryCut(concat(IPV6_20, TCP_20), LinkType.IPV6, 0, 40, 60);
        assertEveryCut(concat(ETH_IPV4, bytes("47 00 00 30  12 34 40 00  40 06 00 00  7f 00 00 01  7f 00 00 02",
            "94 04 00 00  01 01 01 00"), TCP_20), LinkType.ETHERNET, 14, 42, 62);
        assertEveryCut(concat(ETH_MACS, bytes("88 64  11 00 00 01 00 2a  00 21"), IPV4_40, TCP_20),
            LinkType.ETHERNET, 22, 42, 62);
    }

    @Test
    void shouldNotReadPastCapturedLengthIntoTheNextFrame()
    {
        final byte[] first = concat(ETH_IPV4, IPV4_40, TCP_20);
        final byte[] second = concat(ETH_IPV6, IPV6_20, TCP_20);
        final byte[] garbage = bytes("de ad be ef de ad be ef de ad be ef 81");
        final ByteBuffer buffer = ByteBuffer.wrap(concat(garbage, first, second));
        final int firstOffset = garbage.length;
        final int secondOffset = garbage.length + first.length;

        // The first frame's record says 30 bytes were captured; the bytes behind them belong to the next frame.
        assertEquals(SkipReason.TRUNCATED_IP_HEADER,
            decoder.decode(buffer, firstOffset, 30, first.length, LinkType.ETHERNET, segment));

        assertEquals(SkipReason.OK,
            decoder.decode(buffer, secondOffset, second.length, second.length, LinkType.ETHERNET, segment));
        assertEquals(6, segment.ipVersion);
        assertEquals(1, segment.srcLo);
        assertEquals(12345, segment.srcPort);
        assertEquals(60, segment.ipLength);

        assertEquals(SkipReason.OK,
            decoder.decode(buffer, firstOffset, first.length, first.length, LinkType.ETHERNET, segment));
        assertEquals(4, segment.ipVersion);
        assertEquals(0x0000_FFFF_7F00_0001L, segment.srcLo);
    }

    @Test
    void shouldTreatImpossibleArgumentsAsTruncatedLinkHeader()
    {
        final ByteBuffer buffer = ByteBuffer.wrap(concat(ETH_IPV4, IPV4_40, TCP_20));

        assertEquals(SkipReason.TRUNCATED_LINK_HEADER,
            decoder.decode(buffer, -1, 54, 54, LinkType.ETHERNET, segment));
        assertEquals(SkipReason.TRUNCATED_LINK_HEADER,
            decoder.decode(buffer, 0, -5, 54, LinkType.ETHERNET, segment));
        assertEquals(SkipReason.TRUNCATED_LINK_HEADER,
            decoder.decode(buffer, 100, 54, 54, LinkType.ETHERNET, segment));
        // a wire length below the captured one (a writer's bug) is taken as the captured length
        assertEquals(SkipReason.OK,
            decoder.decode(buffer, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, LinkType.ETHERNET, segment));
        assertEquals(40, segment.ipLength);
        // captured length claims more than the buffer holds: the limit bounds the read
        buffer.limit(40);
        assertEquals(SkipReason.TRUNCATED_TCP_HEADER,
            decoder.decode(buffer, 0, Integer.MAX_VALUE, 54, LinkType.ETHERNET, segment));
        assertEquals(3, decoder.count(SkipReason.TRUNCATED_LINK_HEADER));
    }

    @Test
    void shouldCountEveryReasonOnce()
    {
        final byte[] ok = concat(ETH_IPV4, IPV4_40, TCP_20);
        final byte[] notIp = concat(ETH_MACS, bytes("08 06"), zeros(28));
        final byte[] notTcp = concat(ETH_IPV4, bytes("45 00 00 1c 00 00 00 00 40 01 00 00 7f 00 00 01 7f 00 00 02"),
            zeros(8)); // ICMP
        final byte[] fragment = concat(ETH_IPV4, bytes("45 00 00 1c 00 00 00 01 40 06 00 00 7f 00 00 01 7f 00 00 02"),
            zeros(8));
        final byte[] badIp = concat(ETH_IPV4, bytes("35"), zeros(39));
        final byte[] badTcp = concat(ETH_IPV4, IPV4_40, bytes("30 39 00 50 00 00 00 00 00 00 00 00 10 02"), zeros(6));

        assertEquals(SkipReason.OK, decode(ok, LinkType.ETHERNET));
        assertEquals(SkipReason.NOT_IP, decode(notIp, LinkType.ETHERNET));
        assertEquals(SkipReason.NOT_TCP, decode(notTcp, LinkType.ETHERNET));
        assertEquals(SkipReason.IP_FRAGMENT, decode(fragment, LinkType.ETHERNET));
        assertEquals(SkipReason.UNSUPPORTED_LINK_TYPE, decode(ok, 9999));
        assertEquals(SkipReason.TRUNCATED_LINK_HEADER, decode(bytes("02 00 00 00 00 02 02"), LinkType.ETHERNET));
        assertEquals(SkipReason.TRUNCATED_IP_HEADER, decode(concat(ETH_IPV4, bytes("45 00")), LinkType.ETHERNET));
        assertEquals(SkipReason.BAD_IP_HEADER, decode(badIp, LinkType.ETHERNET));
        assertEquals(SkipReason.TRUNCATED_TCP_HEADER, decode(concat(ETH_IPV4, IPV4_40, bytes("30 39")),
            LinkType.ETHERNET));
        assertEquals(SkipReason.BAD_TCP_HEADER, decode(badTcp, LinkType.ETHERNET));

        for (int reason = 0; reason < SkipReason.COUNT; reason++)
        {
            assertEquals(1, decoder.count(reason), SkipReason.name(reason));
        }
    }

    @Test
    void shouldNeverThrowOnRandomOrMutatedBytes()
    {
        final Random random = new Random(0x5EED);
        final int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
            LinkType.LOOP, LinkType.RAW, LinkType.IPV4, LinkType.IPV6, 7};
        final byte[][] seeds = {
            concat(ETH_IPV4, ipv4WithTotalLength(60), TCP_SYN_OPTIONS),
            concat(ETH_MACS, bytes("88 a8 00 0a 81 00 00 14 88 47 00 01 01 40"), IPV6_20, TCP_20),
            concat(ETH_IPV6, IPV6_20, TCP_20)};
        int frames = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] frame;
            if ((i & 1) == 0)
            {
                frame = new byte[random.nextInt(100)];
                random.nextBytes(frame);
            }
            else
            {
                frame = seeds[random.nextInt(seeds.length)].clone();
                for (int flips = random.nextInt(4); flips >= 0; flips--)
                {
                    frame[random.nextInt(frame.length)] = (byte)random.nextInt(256);
                }
            }
            final int captured = random.nextInt(frame.length + 1);
            final int wire = random.nextInt(3) == 0 ? random.nextInt() : frame.length;
            final int reason = decoder.decode(ByteBuffer.wrap(frame), 0, captured, wire,
                linkTypes[random.nextInt(linkTypes.length)], segment);
            assertTrue(reason >= 0 && reason < SkipReason.COUNT);
            frames++;
        }
        long counted = 0;
        for (int reason = 0; reason < SkipReason.COUNT; reason++)
        {
            counted += decoder.count(reason);
        }
        assertEquals(frames, counted);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private int decode(final byte[] frame, final int linkType)
    {
        return decoder.decode(ByteBuffer.wrap(frame), 0, frame.length, frame.length, linkType, segment);
    }

    /** IPv4 header 127.0.0.1 -> 127.0.0.2, TCP, with the given total length. */
    private static byte[] ipv4WithTotalLength(final int totalLength)
    {
        final byte[] header = IPV4_40.clone();
        header[2] = (byte)(totalLength >> 8);
        header[3] = (byte)totalLength;
        return header;
    }

    /**
     * Cuts a valid frame at every length from 0 to full, twice: once by the captured length and once by the
     * buffer's limit, and checks the reason for where the cut falls.
     *
     * @param linkEnd bytes of link header (and tags/labels).
     * @param ipEnd   bytes up to the end of the IP header and its extension headers.
     * @param tcpEnd  bytes up to the end of the fixed 20-byte TCP header.
     */
    private void assertEveryCut(
        final byte[] frame, final int linkType, final int linkEnd, final int ipEnd, final int tcpEnd)
    {
        for (int cut = 0; cut <= frame.length; cut++)
        {
            final int expected = cut < linkEnd ? SkipReason.TRUNCATED_LINK_HEADER :
                cut < ipEnd ? SkipReason.TRUNCATED_IP_HEADER :
                cut < tcpEnd ? SkipReason.TRUNCATED_TCP_HEADER : SkipReason.OK;

            final int byCapture = decoder.decode(ByteBuffer.wrap(frame), 0, cut, frame.length, linkType, segment);
            assertEquals(SkipReason.name(expected), SkipReason.name(byCapture), "captured length " + cut);

            final ByteBuffer limited = ByteBuffer.wrap(frame);
            limited.limit(cut);
            final int byLimit = decoder.decode(limited, 0, frame.length, frame.length, linkType, segment);
            assertEquals(SkipReason.name(expected), SkipReason.name(byLimit), "buffer limit " + cut);
        }
    }
}
