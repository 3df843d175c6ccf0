package io.wirestat.capture.filter;

import io.wirestat.capture.support.Prerequisites;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The number of frames our filter accepts in a file equals what {@code tcpdump -r FILE -w - EXPR} writes. Skipped
 * when tcpdump is not installed (CI installs it).
 */
class TcpdumpCountTest
{
    @TempDir
    static Path scratch;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "tcpreplay/test/test.pcap; tcp",
        "tcpreplay/test/test.pcap; ip6 and not udp",
        "tcpreplay/test/test.rewrite_mtutrunc; greater 200",
        "zeek/testing/btest/Traces/mixed-vlan-mpls.pcap; vlan and tcp",
        "tcpdump/tests/resp_1_benchmark.pcap; tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
        "tcptrace/input/dlt_null.dmp.gz; len > 100",
        "tcptrace/input/rawip.dmp.gz; tcp[tcpflags] & tcp-push != 0",
        "zeek/testing/btest/Traces/irc-dcc-send.pcapng; ip[6:2] & 0x1fff = 0 and tcp port 6667",
    })
    void shouldAcceptAsManyFramesAsTcpdump(final String capture, final String expression) throws Exception
    {
        final Path file = TestCorpus.readable(capture, scratch);
        final long expected = tcpdumpCount(file, expression);
        final PacketFilter filter = PacketFilter.compile(expression);
        final ByteBuffer buffer = ByteBuffer.allocate(LibPcap.SNAPLEN);
        final byte[] frame = new byte[LibPcap.SNAPLEN];
        long accepted = 0;
        long frames = 0;
        try (OfflineCapture reader = new OfflineCapture(file))
        {
            while (reader.next())
            {
                final int capturedLength = reader.capturedLength();
                reader.data().read(0, frame, 0, capturedLength);
                buffer.put(0, frame, 0, capturedLength);
                frames++;
                accepted += filter.accept(buffer, 0, capturedLength, reader.wireLength(), reader.linkType()) ? 1 : 0;
            }
        }
        assertEquals(expected, accepted, capture + " '" + expression + "'");
        assertTrue(accepted > 0 && accepted < frames, "the expression should split " + capture + ": " + accepted);
    }

    /** Runs tcpdump, writing the accepted frames to stdout as a pcap, and counts the records. */
    private static long tcpdumpCount(final Path file, final String expression) throws Exception
    {
        final Process process;
        try
        {
            process = new ProcessBuilder("tcpdump", "-n", "-r", file.toString(), "-w", "-", expression)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        }
        catch (final IOException ex)
        {
            Prerequisites.require(false, "tcpdump not installed: " + ex.getMessage());
            return -1;
        }
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tcpdump did not finish");
        assertEquals(0, process.exitValue(), "tcpdump failed: " + stderr);
        return countRecords(output.toByteArray());
    }

    private static long countRecords(final byte[] savefile)
    {
        final ByteBuffer pcap = ByteBuffer.wrap(savefile).order(ByteOrder.nativeOrder());
        final int magic = pcap.getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D)
        {
            pcap.order(pcap.order() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        }
        long records = 0;
        int at = 24;
        while (at + 16 <= pcap.limit())
        {
            at += 16 + pcap.getInt(at + 8);
            records++;
        }
        assertEquals(pcap.limit(), at, "tcpdump output ends with a whole record");
        return records;
    }
}
