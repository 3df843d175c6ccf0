package io.wirestat.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapFileTest
{
    private static final long SECONDS = 1_700_000_000L;

    @TempDir
    Path dir;

    /** Three records: full frame, frame cut by the snaplen, an empty one; link type field with FCS bits set. */
    private static byte[] sample(final ByteOrder order, final boolean nanosecond)
    {
        // LINKTYPE_ETHERNET with "FCS length present" and an FCS length of 4 in the upper bits, as libpcap writes it.
        final int network = 1 | 0x0400_0000 | (4 << 28);
        return new CaptureBytes(order)
            .pcapHeader(nanosecond, 65535, network)
            .pcapRecord(SECONDS, 123_456, CaptureBytes.frame(60, 1), 60)
            .pcapRecord(0xF000_0000L, 999_999, CaptureBytes.frame(54, 2), 1514)
            .pcapRecord(SECONDS + 1, 0, new byte[0], 0)
            .toByteArray();
    }

    private static List<RecordedFrame> expected(final boolean nanosecond)
    {
        final long unit = nanosecond ? 1 : 1000;
        return List.of(
            RecordedFrame.of(CaptureBytes.frame(60, 1), 60, SECONDS * 1_000_000_000L + 123_456 * unit, 1),
            RecordedFrame.of(CaptureBytes.frame(54, 2), 1514, 0xF000_0000L * 1_000_000_000L + 999_999 * unit, 1),
            RecordedFrame.of(new byte[0], 0, (SECONDS + 1) * 1_000_000_000L, 1));
    }

    @ParameterizedTest
    @CsvSource({
        "BIG_ENDIAN, false, false, pcap",
        "LITTLE_ENDIAN, false, false, pcap",
        "BIG_ENDIAN, true, false, pcap (nanosecond)",
        "LITTLE_ENDIAN, true, false, pcap (nanosecond)",
        "BIG_ENDIAN, false, true, pcap (gzip)",
        "LITTLE_ENDIAN, false, true, pcap (gzip)",
        "BIG_ENDIAN, true, true, pcap (nanosecond) (gzip)",
        "LITTLE_ENDIAN, true, true, pcap (nanosecond) (gzip)"})
    void shouldReadEveryFrameWithBytesLengthsTimestampsAndLinkType(
        final String order, final boolean nanosecond, final boolean gzip, final String format) throws IOException
    {
        final byte[] plain = sample("BIG_ENDIAN".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
            nanosecond);
        final Path path = Captures.write(dir, "sample", gzip ? CaptureBytes.gzip(plain) : plain);

        final Captures.Read read = Captures.read(path);

        assertEquals(format, read.format());
        assertNull(read.result().fault());
        assertEquals(expected(nanosecond), read.frames());
    }

    @ParameterizedTest
    @CsvSource({"16, 8", "40, 16", "64, 32", "100, 1000", "4096, 64"})
    void shouldReadTheSameFramesAcrossSmallWindows(final int fileWindow, final int gzipWindow) throws IOException
    {
        // Many records of varying size so that records straddle every window boundary at some point.
        final CaptureBytes bytes = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65535, 1);
        for (int i = 0; i < 200; i++)
        {
            bytes.pcapRecord(SECONDS + i, i, CaptureBytes.frame(i % 37, i), 100 + i);
        }
        final byte[] plain = bytes.toByteArray();
        final Path file = Captures.write(dir, "many.pcap", plain);
        final Path gzip = Captures.write(dir, "many.pcap.gz", CaptureBytes.gzip(plain));

        final Captures.Read whole = Captures.read(file);
        final Captures.Read windowed = Captures.read(file, fileWindow, gzipWindow);
        final Captures.Read inflated = Captures.read(gzip, fileWindow, gzipWindow);

        assertEquals(200, whole.frames().size());
        assertNull(whole.result().fault());
        assertEquals(whole.frames(), windowed.frames());
        assertNull(windowed.result().fault());
        assertEquals(whole.frames(), inflated.frames());
        assertNull(inflated.result().fault());
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void shouldReadAgainFromTheStartWhenReadAllIsCalledTwice(final boolean gzip) throws IOException
    {
        final byte[] plain = sample(ByteOrder.BIG_ENDIAN, false);
        final Path path = Captures.write(dir, "twice", gzip ? CaptureBytes.gzip(plain) : plain);
        try (CaptureFile file = CaptureFiles.open(path, 64, 16))
        {
            final RecordedFrame.Recorder first = new RecordedFrame.Recorder();
            final RecordedFrame.Recorder second = new RecordedFrame.Recorder();
            assertEquals(3, file.readAll(first).frames());
            assertEquals(3, file.readAll(second).frames());
            assertEquals(expected(false), first.frames);
            assertEquals(expected(false), second.frames);
        }
    }

    @ParameterizedTest
    @CsvSource({"100, 262144", "300000, 300000"})
    void shouldTolerateCaplenAboveSnaplenUpToLibpcapsLimitAndCaplenAboveWireLength(
        final int snaplen, final int limit) throws IOException
    {
        final byte[] data = CaptureBytes.frame(limit, 3);
        final Path path = Captures.write(dir, "big.pcap", new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
            .pcapHeader(false, snaplen, 101)
            .pcapRecord(SECONDS, 2_000_000, data, 60)
            .toByteArray());

        final Captures.Read read = Captures.read(path);

        assertNull(read.result().fault());
        // A microsecond field of 2,000,000 is out of range; libpcap passes it through, and so do we.
        assertEquals(List.of(RecordedFrame.of(data, 60, SECONDS * 1_000_000_000L + 2_000_000_000L, 101)),
            read.frames());
    }

    @ParameterizedTest
    @CsvSource({"2, 60, 20", "3, 60, 20", "3, 20, 60", "4, 20, 60"})
    void shouldReadOldFilesWithCaplenAndLenSwappedAsLibpcapDoes(final int minor, final int first, final int second)
        throws IOException
    {
        // Before 2.3 the original length was written first; 2.3 files exist both ways (caplen > len means swapped).
        final byte[] bytes = new CaptureBytes(ByteOrder.BIG_ENDIAN)
            .pcapHeader(false, 65535, 1)
            .pcapRecordHeader(first, second)
            .raw(CaptureBytes.frame(minor == 2 ? second : 20, 1))
            .toByteArray();
        bytes[7] = (byte)minor;

        final Captures.Read read = Captures.read(Captures.write(dir, "old.pcap", bytes));

        assertNull(read.result().fault());
        assertEquals(1, read.frames().size());
        final RecordedFrame frame = read.frames().get(0);
        assertEquals(minor == 2 ? second : 20, frame.data().length);
        assertEquals(minor == 2 ? first : 60, frame.wireLength());
    }
}
