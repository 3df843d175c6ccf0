package io.wirestat.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading allocates nothing per frame: a million frames cost less than a small constant in allocated bytes on the
 * reading thread. This asserts allocation, not time.
 */
class AllocationTest
{
    private static final long FRAMES = 1_000_000;
    private static final int CAPLEN = 40;
    private static final long BUDGET_BYTES = 64 * 1024;

    @TempDir
    static Path dir;

    private static Path pcap;
    private static Path pcapng;
    private static Path gzip;

    @BeforeAll
    static void writeFiles() throws IOException
    {
        pcap = SyntheticCaptures.pcap(dir.resolve("1m.pcap"), FRAMES, CAPLEN);
        pcapng = SyntheticCaptures.pcapng(dir.resolve("1m.pcapng"), FRAMES, CAPLEN);
        gzip = SyntheticCaptures.gzipPcap(dir.resolve("1m.pcap.gz"), FRAMES, CAPLEN);
    }

    /** Sums lengths; one instance per read, made before measuring. */
    private static final class Summer implements FrameHandler
    {
        long frames;
        long bytes;
        long lastTimestamp;

        @Override
        public void onFrame(
            final ByteBuffer buffer,
            final int offset,
            final int capturedLength,
            final int wireLength,
            final long timestampNanos,
            final int linkType)
        {
            frames++;
            bytes += capturedLength + buffer.get(offset);
            lastTimestamp = timestampNanos;
        }
    }

    @ParameterizedTest
    @CsvSource({"pcap", "pcapng", "gzip"})
    void shouldAllocateNoMemoryPerFrame(final String kind) throws IOException
    {
        final Path path = "pcap".equals(kind) ? pcap : "pcapng".equals(kind) ? pcapng : gzip;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (CaptureFile file = CaptureFiles.open(path))
        {
            // A first read loads every class the read touches, so the measured one sees only the steady state.
            file.readAll(new Summer());
            final Summer summer = new Summer();

            final long before = threads.getCurrentThreadAllocatedBytes();
            final ReadResult result = file.readAll(summer);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertNull(result.fault());
            assertEquals(FRAMES, result.frames());
            assertEquals(FRAMES, summer.frames);
            // Reading gzip again reopens the inflating stream, whose input buffer is a once-per-read cost.
            final long budget = BUDGET_BYTES + ("gzip".equals(kind) ? GzipByteSource.INFLATE_BUFFER_SIZE : 0);
            assertTrue(allocated < budget, kind + ": " + allocated + " bytes allocated reading " + FRAMES +
                " frames (expected: under " + budget + ")");
            System.out.println(kind + ": " + allocated + " bytes allocated reading " + FRAMES + " frames");
        }
    }
}
