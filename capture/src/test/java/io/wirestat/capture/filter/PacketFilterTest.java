package io.wirestat.capture.filter;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.wirestat.capture.filter.TestFrames.ACK;
import static io.wirestat.capture.filter.TestFrames.LINKTYPE_ETHERNET;
import static io.wirestat.capture.filter.TestFrames.LINKTYPE_LINUX_SLL;
import static io.wirestat.capture.filter.TestFrames.LINKTYPE_RAW;
import static io.wirestat.capture.filter.TestFrames.SYN;
import static io.wirestat.capture.filter.TestFrames.TCP;
import static io.wirestat.capture.filter.TestFrames.UDP;
import static io.wirestat.capture.filter.TestFrames.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The facade the pipeline uses: eager validation, per-link-type programs, link types libpcap refuses.
 */
class PacketFilterTest
{
    private static final int CLIENT = address(10, 1, 2, 3);
    private static final int SERVER = address(192, 0, 2, 7);
    private static final byte[] HTTPS_SYN = TestFrames.ipv4(TCP, CLIENT, SERVER, 40000, 443, SYN);
    private static final byte[] HTTP_ACK = TestFrames.ipv4(TCP, CLIENT, SERVER, 40001, 80, ACK);
    private static final byte[] DNS = TestFrames.ipv4(UDP, CLIENT, SERVER, 40002, 443, 0);

    private static boolean accept(final PacketFilter filter, final byte[] frame, final int linkType)
    {
        final int offset = 11;
        final ByteBuffer buffer = ByteBuffer.allocate(offset + frame.length);
        buffer.put(offset, frame);
        return filter.accept(buffer, offset, frame.length, frame.length, linkType);
    }

    @Test
    void shouldAcceptEverythingWithoutExpression()
    {
        assertSame(PacketFilter.ACCEPT_ALL, PacketFilter.compile(null));
        assertSame(PacketFilter.ACCEPT_ALL, PacketFilter.compile("  "));
        assertTrue(accept(PacketFilter.ACCEPT_ALL, new byte[0], 9999));
        assertTrue(PacketFilter.ACCEPT_ALL.linkTypeErrors().isEmpty());
    }

    @Test
    void shouldFailFastWithLibpcapMessageOnBadExpression()
    {
        final FilterException ex = assertThrows(FilterException.class, () -> PacketFilter.compile("tcp prot 80"));
        assertNotNull(ex.libpcapMessage());
        assertTrue(ex.libpcapMessage().contains("syntax error"), ex.libpcapMessage());
        assertTrue(ex.getMessage().contains("'tcp prot 80'"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith(ex.libpcapMessage()), ex.getMessage());
        assertEquals(LINKTYPE_ETHERNET, ex.linkType());
    }

    @Test
    void shouldFilterEthernetFrames()
    {
        final PacketFilter filter = PacketFilter.compile("tcp port 443");
        assertEquals("tcp port 443", filter.expression());
        assertTrue(accept(filter, TestFrames.ethernet(HTTPS_SYN), LINKTYPE_ETHERNET));
        assertFalse(accept(filter, TestFrames.ethernet(HTTP_ACK), LINKTYPE_ETHERNET));
        assertFalse(accept(filter, TestFrames.ethernet(DNS), LINKTYPE_ETHERNET));
    }

    @Test
    void shouldUseTheProgramOfEachFramesLinkType()
    {
        final PacketFilter filter = PacketFilter.compile("host 10.1.2.3 and tcp[tcpflags] & tcp-syn != 0");
        for (int round = 0; round < 2; round++)
        {
            assertTrue(accept(filter, TestFrames.ethernet(HTTPS_SYN), LINKTYPE_ETHERNET));
            assertTrue(accept(filter, HTTPS_SYN, LINKTYPE_RAW));
            assertTrue(accept(filter, TestFrames.linuxSll(HTTPS_SYN), LINKTYPE_LINUX_SLL));
            assertFalse(accept(filter, HTTP_ACK, LINKTYPE_RAW));
            assertFalse(accept(filter, TestFrames.linuxSll(HTTP_ACK), LINKTYPE_LINUX_SLL));
            // The same Ethernet bytes read as raw IP are not an IPv4 SYN: the link type matters.
            assertFalse(accept(filter, TestFrames.ethernet(HTTPS_SYN), LINKTYPE_RAW));
        }
        assertTrue(filter.linkTypeErrors().isEmpty());
    }

    @Test
    void shouldRejectFramesOfLinkTypeLibpcapCannotCompileForAndReportItOnce()
    {
        // "tcp or vlan", not "vlan or tcp": in libpcap, vlan shifts the offsets of everything after it.
        final PacketFilter filter = PacketFilter.compile("tcp or vlan");
        assertTrue(accept(filter, TestFrames.ethernet(HTTPS_SYN), LINKTYPE_ETHERNET));
        assertFalse(accept(filter, HTTPS_SYN, LINKTYPE_RAW));
        assertFalse(accept(filter, HTTPS_SYN, LINKTYPE_RAW));
        assertTrue(accept(filter, TestFrames.ethernet(HTTPS_SYN), LINKTYPE_ETHERNET));
        assertEquals(1, filter.linkTypeErrors().size());
        final FilterException error = filter.linkTypeErrors().get(0);
        assertEquals(LINKTYPE_RAW, error.linkType());
        assertTrue(error.getMessage().contains("link type 101"), error.getMessage());
        assertTrue(error.libpcapMessage().contains("VLAN"), error.libpcapMessage());
    }
}
