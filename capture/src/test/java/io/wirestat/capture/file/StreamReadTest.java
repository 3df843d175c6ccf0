package io.wirestat.capture.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a capture from a stream (standard input, a pipe) with the same parsers as the file reader: the same frames
 * for pcap, pcapng and gzip, whatever sizes the stream's reads come in; a stream cut mid-record is a truncation fault
 * with everything before delivered; the window grows once, bounded by the header; a lying header is a fault, not an
 * OutOfMemoryError; and no allocation per frame.
 */
class StreamReadTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"pcap, 1", "pcap, 7", "pcap, 65536", "pcapng, 3", "pcapng, 65536", "gzip, 5", "gzip, 65536",
        "gzip-pcapng, 65536"})
    void shouldReadTheSameFramesAsTheFileReader(final String kind, final int chunk) throws IOException
    {
        final Path path = switch (kind)
        {
            case "pcap" -> SyntheticCaptures.pcap(dir.resolve("a.pcap"), 3_000, 90);
            case "pcapng" -> SyntheticCaptures.pcapng(dir.resolve("a.pcapng"), 3_000, 90);
            case "gzip" -> SyntheticCaptures.gzipPcap(dir.resolve("a.pcap.gz"), 3_000, 90);
            default -> Captures.write(dir, "b.pcapng.gz", CaptureBytes.gzip(Files.readAllBytes(
                SyntheticCaptures.pcapng(dir.resolve("b.pcapng"), 3_000, 90))));
        };
        final Captures.Read fromFile = Captures.read(path);
        // A 256-byte window: records cross it all the time, and the reads come in pieces of at most `chunk` bytes.
        final Captures.Read streamed = read(new Trickle(Files.newInputStream(path), chunk), 256);
        assertNull(streamed.result().fault(), String.valueOf(streamed.result().fault()));
        assertEquals(fromFile.format(), streamed.format());
        assertEquals(3_000, streamed.frames().size());
        assertEquals(fromFile.frames(), streamed.frames());
    }

    @Test
    void shouldReportAStreamCutMidRecordAsTruncatedWithEverythingBeforeIt() throws IOException
    {
        final byte[] whole = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65_535, 1)
            .pcapRecord(1, 0, CaptureBytes.frame(60, 1), 60)
            .pcapRecord(2, 0, CaptureBytes.frame(60, 2), 60)
            .pcapRecord(3, 0, CaptureBytes.frame(60, 3), 60).toByteArray();
        final byte[] cut = Arrays.copyOf(whole, whole.length - 20);
        final Captures.Read read = read(new Trickle(new ByteArrayInputStream(cut), 13), 64);
        assertEquals(2, read.frames().size());
        final CaptureFault fault = read.result().fault();
        assertNotNull(fault);
        assertEquals(24 + 2 * 76, fault.byteOffset());
        assertEquals("truncated pcap record: 56 bytes (expected: 76)", fault.message());
    }

    @Test
    void shouldReportACutGzipStreamAsTruncated() throws IOException
    {
        final byte[] plain = Files.readAllBytes(SyntheticCaptures.pcap(dir.resolve("c.pcap"), 500, 60));
        final byte[] gz = CaptureBytes.gzip(plain);
        final Captures.Read read = read(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length / 2)), 4096);
        assertNotNull(read.result().fault());
        assertTrue(read.result().fault().message().contains("gzip stream ends early"), read.result().toString());
        assertTrue(read.frames().size() > 0 && read.frames().size() < 500, read.result().toString());
    }

    @Test
    void shouldRefuseALyingCaptureLengthWithoutAllocatingIt() throws IOException
    {
        // The header claims a 2 GiB snaplen and a record says it holds nearly that much: a fault, not a 2 GiB window.
        final byte[] lying = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, Integer.MAX_VALUE, 1)
            .pcapRecord(1, 0, CaptureBytes.frame(60, 1), 60)
            .pcapRecordHeader(Integer.MAX_VALUE - 8, 100).toByteArray();
        final Captures.Read read = read(new ByteArrayInputStream(lying), 1024);
        assertEquals(1, read.frames().size());
        assertEquals("invalid pcap record header: captured length 2147483639 (expected: at most 16777216)",
            read.result().fault().message());
    }

    @Test
    void shouldGrowTheWindowOnceToTheHeadersBoundForALargeRecord() throws IOException
    {
        final int snaplen = 3 << 20;
        final byte[] bytes = new CaptureBytes(ByteOrder.BIG_ENDIAN).pcapHeader(false, snaplen, 1)
            .pcapRecord(1, 0, CaptureBytes.frame(2 << 20, 1), 2 << 20)
            .pcapRecord(2, 0, CaptureBytes.frame(60, 2), 60)
            .pcapRecord(3, 0, CaptureBytes.frame(snaplen, 3), snaplen).toByteArray();
        try (CaptureFile file = CaptureFiles.open(new ByteArrayInputStream(bytes), "-", 4096))
        {
            final int[] capacities = new int[3];
            final int[] n = {0};
            final ReadResult result = file.readAll((buffer, offset, captured, wire, nanos, linkType) ->
                capacities[n[0]++] = buffer.capacity());
            assertNull(result.fault());
            assertEquals(3, result.frames());
            // Grown once, on the first large record, straight to header + snaplen; never again.
            assertEquals(16 + snaplen, capacities[0]);
            assertEquals(16 + snaplen, capacities[2]);
        }
    }

    @Test
    void shouldNotReadAStreamTwice() throws IOException
    {
        final byte[] bytes = Files.readAllBytes(SyntheticCaptures.pcap(dir.resolve("d.pcap"), 10, 60));
        try (CaptureFile file = CaptureFiles.open(new ByteArrayInputStream(bytes), "-"))
        {
            assertEquals(10, file.readAll((b, o, c, w, t, l) -> { }).frames());
            final ReadResult again = file.readAll((b, o, c, w, t, l) -> { });
            assertEquals(0, again.frames());
            assertTrue(again.fault().message().contains("cannot be read again"), again.toString());
        }
    }

    @Test
    void shouldSayAnEmptyOrForeignStreamIsNotACapture()
    {
        final IOException empty = assertThrows(CaptureFormatException.class,
            () -> CaptureFiles.open(new ByteArrayInputStream(new byte[0]), "-"));
        assertEquals("-: too short for a pcap header: 0 bytes (expected: 24)", empty.getMessage());
        final IOException text = assertThrows(CaptureFormatException.class,
            () -> CaptureFiles.open(new ByteArrayInputStream("hello world\n".getBytes()), "-"));
        assertEquals("-: not a pcap or pcapng file: magic 0x68656c6c", text.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"pcap", "pcapng", "gzip"})
    void shouldAllocateNoMemoryPerFrameFromAStream(final String kind) throws IOException
    {
        final long frames = 1_000_000;
        final Path path = "pcap".equals(kind) ? SyntheticCaptures.pcap(dir.resolve("m.pcap"), frames, 40) :
            "pcapng".equals(kind) ? SyntheticCaptures.pcapng(dir.resolve("m.pcapng"), frames, 40) :
            SyntheticCaptures.gzipPcap(dir.resolve("m.pcap.gz"), frames, 40);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // A stream is read once: a first stream loads every class the read touches, the second one is measured.
        try (CaptureFile warm = CaptureFiles.open(Files.newInputStream(path), "-"))
        {
            warm.readAll((b, o, c, w, t, l) -> { });
        }
        try (CaptureFile file = CaptureFiles.open(Files.newInputStream(path), "-"))
        {
            final long[] count = {0};
            final FrameHandler handler = (b, o, c, w, t, l) -> count[0]++;
            final long before = threads.getCurrentThreadAllocatedBytes();
            final ReadResult result = file.readAll(handler);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertNull(result.fault());
            assertEquals(frames, count[0]);
            assertTrue(allocated < 64 * 1024, kind + ": " + allocated + " bytes allocated reading " + frames +
                " frames from a stream (expected: under 65536)");
        }
    }

    private static Captures.Read read(final InputStream in, final int window) throws IOException
    {
        try (CaptureFile file = CaptureFiles.open(in, "-", window))
        {
            final RecordedFrame.Recorder recorder = new RecordedFrame.Recorder();
            final ReadResult result = file.readAll(recorder);
            assertTrue(recorder.allBigEndian, "frames handed out big-endian");
            assertEquals(result.frames(), recorder.frames.size());
            return new Captures.Read(file.format(), result, recorder.frames);
        }
    }

    /** A stream that hands out at most a few bytes per read, as a pipe fed packet by packet does. */
    private static final class Trickle extends FilterInputStream
    {
        private final int chunk;

        Trickle(final InputStream in, final int chunk)
        {
            super(in);
            this.chunk = chunk;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
