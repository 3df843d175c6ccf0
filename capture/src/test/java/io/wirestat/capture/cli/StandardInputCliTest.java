package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.OfflineAnalyzer;
import io.wirestat.capture.file.CaptureFile;
import io.wirestat.capture.file.CaptureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wirestat analyze -}: a capture on standard input gives the same report as the same capture in a file
 * (pcap, pcapng, gzip), in process with the real pipeline; a stream cut mid-record is a fault (exit 1) with
 * everything before it reported; {@code -} mixes with files in the order given, at most once; and through a real
 * pipe into a real process.
 */
class StandardInputCliTest
{
    private static final Path DEMO = fixture("replay-fixtures/captures/kernel/demo.pcap");
    private static final Path CLOSE_WAIT = fixture("replay-fixtures/captures/kernel/close_wait.pcap");
    private static final Path ESTABLISHED = fixture("replay-fixtures/captures/kernel/established.pcap");

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    @Test
    void shouldReportAPcapOnStandardInputAsTheFile() throws IOException
    {
        assertSameReport(Files.readAllBytes(DEMO));
    }

    @Test
    void shouldReportAPcapngOnStandardInputAsThePcap() throws IOException
    {
        assertSameReport(toPcapng(DEMO));
    }

    @Test
    void shouldReportAGzipStreamOnStandardInputAsThePcap() throws IOException
    {
        assertSameReport(gzip(Files.readAllBytes(DEMO)));
        assertSameReport(gzip(toPcapng(DEMO)));
    }

    @Test
    void shouldReportAStreamCutMidRecordAsAFaultAndKeepWhatCameBefore() throws IOException
    {
        final byte[] whole = Files.readAllBytes(DEMO);
        final byte[] cut = Arrays.copyOf(whole, whole.length - 30);
        final int code = run(cut, "analyze", "--format", "jsonl", "-");
        assertEquals(ExitCode.FAULTS.code(), code, this::dump);
        assertTrue(err.matches("wirestat: -: truncated pcap record: \\d+ bytes \\(expected: \\d+\\) at byte offset "
            + "\\d+\n"), this::dump);
        assertTrue(out.contains("\"frames\":442,"), "all 442 frames before the cut one: " + dump());
        assertTrue(out.contains("\"faults\":[{\"file\":\"-\","), this::dump);
    }

    @Test
    void shouldReadStandardInputInItsPlaceAmongFiles() throws IOException
    {
        run(new byte[0], "analyze", "--format", "jsonl", "--all", CLOSE_WAIT.toString(), DEMO.toString(),
            ESTABLISHED.toString());
        final String expected = withoutFiles(out);
        final int code = run(Files.readAllBytes(DEMO), "analyze", "--format", "jsonl", "--all",
            CLOSE_WAIT.toString(), "-", ESTABLISHED.toString());
        assertEquals(ExitCode.OK.code(), code, this::dump);
        assertTrue(out.contains("\"files\":[\"" + CLOSE_WAIT + "\",\"-\",\"" + ESTABLISHED + "\"]"), this::dump);
        assertEquals(expected, withoutFiles(out));
    }

    @Test
    void shouldRefuseStandardInputTwice() throws IOException
    {
        final int code = run(Files.readAllBytes(DEMO), "analyze", "-", DEMO.toString(), "-");
        assertEquals(ExitCode.USAGE.code(), code, this::dump);
        assertEquals("wirestat: '-' (standard input) given more than once: a stream can be read only once\n"
            + "Try 'wirestat analyze --help' for more information.\n", err);
        assertEquals("", out);
    }

    @Test
    void shouldSayWhenStandardInputIsNotACapture()
    {
        assertEquals(ExitCode.USAGE.code(), run("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII),
            "analyze", "-"), this::dump);
        assertEquals("wirestat: -: not a pcap or pcapng file: magic 0x47455420\n", err);
        assertEquals(ExitCode.USAGE.code(), run(new byte[0], "analyze", "-"), this::dump);
        assertEquals("wirestat: -: too short for a pcap header: 0 bytes (expected: 24)\n", err);
    }

    @Test
    void shouldNameStandardInputInTheHelp()
    {
        run(new byte[0], "analyze", "--help");
        assertTrue(out.contains("'-' is standard input"), out);
        assertTrue(out.contains("-w - tcp | wirestat analyze -\n"), out);
    }

    @Test
    void shouldTrackAStreamLiveOnPacketTimeAndEndWithAnalyzesReport() throws IOException
    {
        run(new byte[0], "analyze", "--format", "jsonl", DEMO.toString());
        final String analyzed = connectionsOf(out);
        final Path copy = dir.resolve("copy.pcap");
        final int code = run(Files.readAllBytes(DEMO), "live", "-r", "-", "--interval", "10s", "--format", "jsonl",
            "-w", copy.toString());
        assertEquals(ExitCode.OK.code(), code, this::dump);
        // The same connections, states as of the last packet, as analyze reports them.
        assertEquals(analyzed, connectionsOf(out));
        // Rows on packet time, boundaries every 10 s from the first packet (08:20:08.300): a row as of the last
        // boundary each packet passes. The SYN retransmissions at :08+1+2+4+8+16 s pass 08:20:18 (at :23) and
        // 08:20:38 (at :40, one row for :28 and :38), the burst after the pause 08:21:08.
        final long rows = out.lines().filter(l -> l.startsWith("{\"type\":\"interval\",\"ts\":")).count();
        assertEquals(3, rows, this::dump);
        assertTrue(out.contains("{\"type\":\"interval\",\"ts\":1795422038.300"), this::dump);
        assertTrue(out.contains("{\"type\":\"interval\",\"ts\":1795422068.300"), this::dump);
        assertTrue(out.contains("{\"type\":\"interval\",\"ts\":1795422018.300"), this::dump);
        assertTrue(err.contains("wirestat: 443 packets read from standard input"), this::dump);
        // The -w copy is the capture again.
        run(new byte[0], "analyze", "--format", "jsonl", copy.toString());
        assertEquals(analyzed, connectionsOf(out));
    }

    @Test
    void shouldEndALiveStreamCutMidRecordWithAFault() throws IOException
    {
        final byte[] whole = Files.readAllBytes(DEMO);
        final int code = run(Arrays.copyOf(whole, whole.length - 30), "live", "-r", "-", "--alerts-only");
        assertEquals(ExitCode.FAULTS.code(), code, this::dump);
        assertTrue(err.contains("wirestat: 442 packets read from standard input\n"), this::dump);
        assertTrue(err.matches("(?s).*wirestat: -: truncated pcap record: .* at byte offset \\d+\n"), this::dump);
        assertTrue(out.contains("stuck_close_wait"), this::dump);
    }

    @Test
    void shouldRefuseFollowWithoutAFile()
    {
        assertEquals(ExitCode.USAGE.code(), run(new byte[0], "live", "-r", "-", "--follow"), this::dump);
        assertTrue(err.startsWith("wirestat: --follow follows a file"), this::dump);
        assertEquals(ExitCode.USAGE.code(), run(new byte[0], "live", "--follow"), this::dump);
        assertTrue(err.startsWith("wirestat: --follow needs -r FILE"), this::dump);
        run(new byte[0], "live", "--help");
        assertTrue(out.contains("'-' for standard"), out);
    }

    private static String connectionsOf(final String jsonl)
    {
        final StringBuilder sb = new StringBuilder();
        jsonl.lines().filter(l -> l.startsWith("{\"type\":\"connection\"")).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** Through a real pipe into a real process, as {@code tcpdump -w - | wirestat analyze -} runs. */
    @Test
    void shouldReadAPipeInARealProcess() throws Exception
    {
        run(new byte[0], "analyze", "--format", "jsonl", DEMO.toString());
        final String expected = withoutFiles(out);
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
            "-cp", System.getProperty("java.class.path"), "io.wirestat.capture.cli.WirestatCli",
            "analyze", "--format", "jsonl", "-"));
        final Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final byte[] bytes = Files.readAllBytes(DEMO);
        try (OutputStream pipe = p.getOutputStream())
        {
            // In pieces, as a capture arrives.
            for (int at = 0; at < bytes.length; at += 1000)
            {
                pipe.write(bytes, at, Math.min(1000, bytes.length - at));
                pipe.flush();
            }
        }
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wirestat ended");
        assertEquals(0, p.exitValue(), output);
        assertEquals(expected, withoutFiles(output));
    }

    private void assertSameReport(final byte[] stdin) throws IOException
    {
        run(new byte[0], "analyze", DEMO.toString());
        final String fromFile = out.replace(DEMO.toString(), "-");
        final int code = run(stdin, "analyze", "-");
        assertEquals(ExitCode.OK.code(), code, this::dump);
        assertEquals("", err);
        assertTrue(out.startsWith("Capture: -\n"), this::dump);
        assertEquals(fromFile, out);
    }

    private static String withoutFiles(final String jsonl)
    {
        return jsonl.replaceAll("\"files\":\\[[^]]*\\]", "\"files\":[]");
    }

    private int run(final byte[] stdin, final String... args)
    {
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        final InputStream in = new ByteArrayInputStream(stdin);
        final int code = WirestatCli.run(in, new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8), OfflineAnalyzer::analyze, args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String dump()
    {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }

    /** The same frames as a pcapng file: SHB, one IDB (nanosecond resolution), one EPB per frame, little-endian. */
    private static byte[] toPcapng(final Path pcap) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ByteBuffer shb = le(28).putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short)1)
            .putShort((short)0).putLong(-1).putInt(28);
        bytes.write(shb.array());
        try (CaptureFile file = CaptureFiles.open(pcap))
        {
            final boolean[] first = {true};
            file.readAll((buffer, offset, captured, wire, nanos, linkType) ->
            {
                if (first[0])
                {
                    first[0] = false;
                    // if_tsresol = 9 (nanoseconds), then opt_endofopt.
                    final ByteBuffer idb = le(32).putInt(1).putInt(32).putShort((short)linkType).putShort((short)0)
                        .putInt(262_144).putShort((short)9).putShort((short)1).put((byte)9).put(new byte[3])
                        .putInt(0).putInt(32);
                    bytes.write(idb.array(), 0, 32);
                }
                final int padded = (captured + 3) & ~3;
                final ByteBuffer epb = le(32 + padded).putInt(6).putInt(32 + padded).putInt(0)
                    .putInt((int)(nanos >>> 32)).putInt((int)nanos).putInt(captured).putInt(wire);
                for (int i = 0; i < captured; i++)
                {
                    epb.put(buffer.get(offset + i));
                }
                epb.position(28 + padded);
                epb.putInt(32 + padded);
                bytes.write(epb.array(), 0, 32 + padded);
            });
        }
        return bytes.toByteArray();
    }

    private static ByteBuffer le(final int size)
    {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] gzip(final byte[] plain) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes))
        {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    private static Path fixture(final String relative)
    {
        final Path here = Paths.get(relative);
        return Files.exists(here) ? here : Paths.get("..").resolve(relative);
    }
}
