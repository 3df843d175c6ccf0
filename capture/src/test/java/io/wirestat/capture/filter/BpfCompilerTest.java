package io.wirestat.capture.filter;

import org.junit.jupiter.api.Test;

import static io.wirestat.capture.filter.BpfOpcodes.ABS;
import static io.wirestat.capture.filter.BpfOpcodes.H;
import static io.wirestat.capture.filter.BpfOpcodes.K;
import static io.wirestat.capture.filter.BpfOpcodes.LD;
import static io.wirestat.capture.filter.BpfOpcodes.RET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libpcap through JNA: program extraction, link type mapping, and libpcap's error messages.
 */
class BpfCompilerTest
{
    @Test
    void shouldCompileEthernetProgramThatTestsTheEtherType()
    {
        final BpfProgram program = BpfCompiler.compile("tcp", TestFrames.LINKTYPE_ETHERNET);
        assertEquals(LD | H | ABS, program.code(0));
        assertEquals(12, program.k(0));
        final int last = program.length() - 1;
        assertEquals(RET | K, program.code(last));
        assertEquals(0, program.k(last));
        assertEquals(RET | K, program.code(last - 1));
        assertEquals(LibPcap.SNAPLEN, program.k(last - 1));
    }

    @Test
    void shouldCompileRawIpWithoutLinkHeader()
    {
        final BpfProgram program = BpfCompiler.compile("ip[9] = 6", TestFrames.LINKTYPE_RAW);
        // No EtherType at 12 on raw IP: the protocol byte is read at offset 9.
        boolean readsProtocolAt9 = false;
        for (int i = 0; i < program.length(); i++)
        {
            readsProtocolAt9 |= program.code(i) == (LD | BpfOpcodes.B | ABS) && program.k(i) == 9;
        }
        assertTrue(readsProtocolAt9, program.toString());
    }

    @Test
    void shouldMapLinkTypesToLibpcapDlts()
    {
        assertEquals(12, BpfCompiler.dltOf(101));
        assertEquals(12, BpfCompiler.dltOf(14));
        assertEquals(1, BpfCompiler.dltOf(1));
        assertEquals(113, BpfCompiler.dltOf(113));
        assertEquals(276, BpfCompiler.dltOf(276));
    }

    @Test
    void shouldReportLibpcapMessageForSyntaxError()
    {
        final FilterException ex = assertThrows(FilterException.class,
            () -> BpfCompiler.compile("port 80 and and", TestFrames.LINKTYPE_ETHERNET));
        assertTrue(ex.libpcapMessage().contains("syntax error"), ex.libpcapMessage());
        assertEquals("port 80 and and", ex.expression());
    }

    @Test
    void shouldReportLinkTypeWhenExpressionUnsupportedOnIt()
    {
        final FilterException ex = assertThrows(FilterException.class,
            () -> BpfCompiler.compile("ether broadcast", TestFrames.LINKTYPE_LINUX_SLL));
        assertEquals(TestFrames.LINKTYPE_LINUX_SLL, ex.linkType());
        assertTrue(ex.getMessage().contains("link type 113 (LINUX_SLL)"), ex.getMessage());
        assertTrue(ex.getMessage().contains(ex.libpcapMessage()), ex.getMessage());
    }

    @Test
    void shouldReportUnknownLinkType()
    {
        final FilterException ex = assertThrows(FilterException.class, () -> BpfCompiler.compile("tcp", 65000));
        assertEquals(65000, ex.linkType());
        assertTrue(ex.getMessage().contains("link type 65000"), ex.getMessage());
    }

    @Test
    void shouldTellHowToInstallLibpcapWhenMissing()
    {
        final String message = LibPcap.missingMessage();
        assertTrue(message.contains("apt-get install libpcap0.8"), message);
        assertTrue(message.contains("dnf install libpcap"), message);
        assertTrue(message.contains("libpcap.so.0.8"), message);
    }
}
