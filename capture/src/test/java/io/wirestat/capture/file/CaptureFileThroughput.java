package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Throwaway throughput measurement, not a test: writes (once) large synthetic captures under /tmp and reports
 * frames per second for a handler that only sums captured lengths. Run with
 * {@code java -cp capture/target/classes:capture/target/test-classes io.wirestat.capture.file.CaptureFileThroughput
 * [frames] [caplen] [runs]}.
 */
public final class CaptureFileThroughput
{
    private CaptureFileThroughput()
    {
    }

    /** Sums captured lengths so the JIT cannot drop the read. */
    private static final class Summer implements FrameHandler
    {
        long bytes;

        @Override
        public void onFrame(
            final ByteBuffer buffer,
            final int offset,
            final int capturedLength,
            final int wireLength,
            final long timestampNanos,
            final int linkType)
        {
            bytes += capturedLength;
        }
    }

    /**
     * @param args frames (default 10 M), caplen (default 84: 100-byte records, about 1 GB), runs (default 5).
     * @throws IOException if the files cannot be written or read.
     */
    public static void main(final String[] args) throws IOException
    {
        final long frames = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        final int caplen = args.length > 1 ? Integer.parseInt(args[1]) : 84;
        final int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        final String stem = "/tmp/wirestat-throughput-" + frames + "x" + caplen;
        final Path pcap = Path.of(stem + ".pcap");
        final Path pcapng = Path.of(stem + ".pcapng");
        final Path gzip = Path.of(stem + ".pcap.gz");
        if (!Files.exists(pcap))
        {
            SyntheticCaptures.pcap(pcap, frames, caplen);
        }
        if (!Files.exists(pcapng))
        {
            SyntheticCaptures.pcapng(pcapng, frames, caplen);
        }
        if (!Files.exists(gzip))
        {
            SyntheticCaptures.gzipPcap(gzip, frames, caplen);
        }
        for (final Path path : new Path[] {pcap, pcapng, gzip})
        {
            try (CaptureFile file = CaptureFiles.open(path))
            {
                for (int run = 0; run < runs; run++)
                {
                    final Summer summer = new Summer();
                    final long start = System.nanoTime();
                    final ReadResult result = file.readAll(summer);
                    final long elapsed = System.nanoTime() - start;
                    System.out.printf("%-22s run %d: %,d frames in %,d ms = %,.1f M frames/s, %,.0f MB/s%s%n",
                        file.format(), run, result.frames(), elapsed / 1_000_000, result.frames() * 1e3 / elapsed,
                        Files.size(path) * 1e3 / elapsed, result.fault() == null ? "" : " " + result.fault());
                }
            }
        }
    }
}
