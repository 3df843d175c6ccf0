package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.LinkType;
import io.wirestat.tracker.decode.TcpSegment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic pcap file: little-endian header, microsecond timestamps, Ethernet link type, through one
 * large direct buffer so that a 10 M packet file costs a few hundred {@code write} calls.
 * Not thread safe; one writer per generator thread.
 */
public final class PcapWriter implements PacketSink, AutoCloseable
{
    /** Classic pcap magic, microsecond resolution (written in little-endian order: d4 c3 b2 a1). */
    public static final int MAGIC_MICROS = 0xA1B2C3D4;
    /** Size of the file header. */
    public static final int FILE_HEADER_LENGTH = 24;
    /** Size of a record header. */
    public static final int RECORD_HEADER_LENGTH = 16;

    private static final int BUFFER_BYTES = 8 << 20;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long bytesWritten;

    /**
     * Creates (or truncates) the file and writes the file header.
     *
     * @param path       file to write.
     * @param snapLength snap length to declare in the header.
     * @throws IOException if the file cannot be created.
     */
    public PcapWriter(final Path path, final int snapLength) throws IOException
    {
        channel = FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        buffer.putInt(MAGIC_MICROS);
        buffer.putShort((short)2);
        buffer.putShort((short)4);
        buffer.putInt(0);
        buffer.putInt(0);
        buffer.putInt(snapLength);
        buffer.putInt(LinkType.ETHERNET);
    }

    @Override
    public void onPacket(
        final TcpSegment segment, final ByteBuffer frame, final int offset, final int capturedLength,
        final int wireLength) throws IOException
    {
        if (buffer.remaining() < RECORD_HEADER_LENGTH + capturedLength)
        {
            flush();
        }
        final long ts = segment.timestampNanos;
        buffer.putInt((int)(ts / NANOS_PER_SECOND));
        buffer.putInt((int)(ts % NANOS_PER_SECOND / 1000));
        buffer.putInt(capturedLength);
        buffer.putInt(wireLength);
        buffer.put(buffer.position(), frame, offset, capturedLength);
        buffer.position(buffer.position() + capturedLength);
    }

    /** @return bytes handed to the file so far (header included), not counting what is still buffered. */
    public long bytesWritten()
    {
        return bytesWritten;
    }

    private void flush() throws IOException
    {
        buffer.flip();
        while (buffer.hasRemaining())
        {
            bytesWritten += channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            channel.close();
        }
    }
}
