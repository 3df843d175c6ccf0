package io.wirestat.capture.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the readers publish for the progress display: every megabyte or so during the read, never backwards and
 * never past the input, and at the end exactly the input's size and frame count; summed over files; for gzip, in
 * compressed bytes (the file's size on disk), not the decompressed stream's.
 */
class ReadProgressTest
{
    private static final long FRAMES = 40_000;
    private static final int CAPLEN = 200;

    @TempDir
    Path dir;

    @Test
    void shouldPublishAPcapsPositionAsItIsReadAndItsSizeAtTheEnd() throws IOException
    {
        final Path file = SyntheticCaptures.pcap(dir.resolve("a.pcap"), FRAMES, CAPLEN);
        assertPublishedAlongTheWay(file, Files.size(file), 4);
    }

    @Test
    void shouldPublishAPcapngsPositionAsItIsReadAndItsSizeAtTheEnd() throws IOException
    {
        final Path file = SyntheticCaptures.pcapng(dir.resolve("a.pcapng"), FRAMES, CAPLEN);
        assertPublishedAlongTheWay(file, Files.size(file), 4);
    }

    @Test
    void shouldPublishCompressedBytesForGzip() throws IOException
    {
        final Path file = SyntheticCaptures.gzipPcap(dir.resolve("a.pcap.gz"), FRAMES, CAPLEN);
        final long compressed = Files.size(file);
        final long decompressed = 24 + FRAMES * (16 + CAPLEN);
        assertTrue(compressed * 4 < decompressed, "the frames compress well: " + compressed);
        // The inflater takes compressed input 64 KiB at a time: fewer, coarser updates than the stream's megabytes.
        assertPublishedAlongTheWay(file, compressed, 1);
    }

    @Test
    void shouldSumFilesReadIntoOneProgress() throws IOException
    {
        final Path first = SyntheticCaptures.pcap(dir.resolve("a.pcap"), FRAMES, CAPLEN);
        final Path second = SyntheticCaptures.gzipPcap(dir.resolve("b.pcap.gz"), FRAMES / 2, CAPLEN);
        final ReadProgress progress = new ReadProgress();
        try (CaptureFile a = CaptureFiles.open(first); CaptureFile b = CaptureFiles.open(second))
        {
            assertNull(a.readAll((buffer, offset, caplen, wireLength, ts, linkType) -> { }, progress).fault());
            assertEquals(Files.size(first), progress.bytes());
            assertNull(b.readAll((buffer, offset, caplen, wireLength, ts, linkType) -> { }, progress).fault());
        }
        assertEquals(Files.size(first) + Files.size(second), progress.bytes());
        assertEquals(FRAMES + FRAMES / 2, progress.frames());
    }

    /** Reads the file, sampling the published figures at every frame (on the reading thread, as a racy reader). */
    private static void assertPublishedAlongTheWay(final Path file, final long inputBytes, final int minUpdates)
        throws IOException
    {
        final ReadProgress progress = new ReadProgress();
        final long[] last = {0, 0};
        final int[] changes = {0};
        try (CaptureFile capture = CaptureFiles.open(file))
        {
            final ReadResult result = capture.readAll((buffer, offset, caplen, wireLength, ts, linkType) ->
            {
                final long bytes = progress.bytes();
                final long frames = progress.frames();
                assertTrue(bytes >= last[0] && frames >= last[1], "never backwards");
                assertTrue(bytes <= inputBytes, bytes + " past the input's " + inputBytes);
                if (bytes != last[0])
                {
                    changes[0]++;
                }
                last[0] = bytes;
                last[1] = frames;
            }, progress);
            assertNull(result.fault());
            assertEquals(FRAMES, result.frames());
        }
        // Updates along the way (about one per megabyte of the stream, 8 MB here), not only at the end.
        assertTrue(changes[0] >= minUpdates, changes[0] + " updates during the read");
        assertTrue(last[1] > 0 && last[1] < FRAMES, "frames published before the end: " + last[1]);
        assertEquals(inputBytes, progress.bytes(), "the whole input at the end");
        assertEquals(FRAMES, progress.frames());
    }
}
