package io.wirestat.capture.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes large synthetic captures quickly (many copies of one small frame with rising timestamps), for the
 * allocation test and the throughput main. Not thread safe.
 */
final class SyntheticCaptures
{
    private static final int CHUNK = 1 << 20;

    private SyntheticCaptures()
    {
    }

    /** Writes a little-endian microsecond pcap of {@code frames} records of {@code caplen} bytes each. */
    static Path pcap(final Path path, final long frames, final int caplen) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        return write(path, header.array(), frames, 16 + caplen, (b, i) ->
            b.putInt((int)(1_700_000_000L + i / 1_000_000)).putInt((int)(i % 1_000_000)).putInt(caplen)
                .putInt(caplen).put(frameBytes(caplen)), false);
    }

    /** Writes a little-endian pcapng with one interface and {@code frames} EPBs of {@code caplen} bytes each. */
    static Path pcapng(final Path path, final long frames, final int caplen) throws IOException
    {
        final byte[] head = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
            .interfaceDescription(1, 65535, 9, 0).toByteArray();
        final int padded = (caplen + 3) & ~3;
        final int length = 32 + padded;
        return write(path, head, frames, length, (b, i) ->
        {
            final long ts = 1_700_000_000_000_000_000L + i * 1000;
            b.putInt(6).putInt(length).putInt(0).putInt((int)(ts >>> 32)).putInt((int)ts).putInt(caplen)
                .putInt(caplen).put(frameBytes(caplen)).put(new byte[padded - caplen]).putInt(length);
        }, false);
    }

    /** As {@link #pcap} but gzip-compressed. */
    static Path gzipPcap(final Path path, final long frames, final int caplen) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        return write(path, header.array(), frames, 16 + caplen, (b, i) ->
            b.putInt((int)(1_700_000_000L + i / 1_000_000)).putInt((int)(i % 1_000_000)).putInt(caplen)
                .putInt(caplen).put(frameBytes(caplen)), true);
    }

    private interface RecordWriter
    {
        void write(ByteBuffer buffer, long index);
    }

    private static byte[] frameBytes(final int caplen)
    {
        return CaptureBytes.frame(caplen, 7);
    }

    private static Path write(
        final Path path,
        final byte[] head,
        final long frames,
        final int recordLength,
        final RecordWriter writer,
        final boolean gzip) throws IOException
    {
        final ByteBuffer chunk = ByteBuffer.allocate(CHUNK - CHUNK % recordLength).order(ByteOrder.LITTLE_ENDIAN);
        if (gzip)
        {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path), CHUNK))
            {
                out.write(head);
                for (long i = 0; i < frames; i++)
                {
                    writer.write(chunk, i);
                    if (!chunk.hasRemaining() || i == frames - 1)
                    {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                }
            }
            return path;
        }
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            out.write(ByteBuffer.wrap(head));
            for (long i = 0; i < frames; i++)
            {
                writer.write(chunk, i);
                if (!chunk.hasRemaining() || i == frames - 1)
                {
                    chunk.flip();
                    while (chunk.hasRemaining())
                    {
                        out.write(chunk);
                    }
                    chunk.clear();
                }
            }
        }
        return path;
    }
}
