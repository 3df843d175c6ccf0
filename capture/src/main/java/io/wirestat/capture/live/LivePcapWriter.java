package io.wirestat.capture.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes captured packets to a classic pcap file (nanosecond timestamps, magic {@code a1b23c4d}) with their real
 * wire length, so an incident caught live replays with {@code wirestat analyze} or {@code wirestat check}.
 * Our own writer rather than pcap4j's {@code PcapDumper.dumpRaw}, which records the captured length as the wire
 * length (snap-length-cut packets would then look whole) and takes a {@code java.sql.Timestamp} per packet.
 * <p>
 * Whole records only: packets are gathered in a buffer and written to the file only at record boundaries, and when a
 * write fails (the disk is full, an I/O error) the file is cut back to the end of the last record known written, so
 * what it holds stays a valid pcap. After a failure the writer writes nothing more ({@link #failed()}).
 * <p>
 * Allocation free per packet. Not thread safe: one thread at a time (the capture thread, then the one finishing).
 */
final class LivePcapWriter implements AutoCloseable
{
    private static final int MAGIC_NANOS = 0xA1B2_3C4D;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    /** Bytes of the file known to end on a record boundary. */
    private long committedBytes;
    /** Packets in the file up to {@link #committedBytes}. */
    private long committedPackets;
    private long bufferedPackets;
    private IOException failure;

    /**
     * @param path     file to create (replaced if it exists).
     * @param linkType LINKTYPE_* of the packets.
     * @param snaplen  the capture's snap length.
     * @throws IOException if the file cannot be created or its header written.
     */
    LivePcapWriter(final Path path, final int linkType, final int snaplen) throws IOException
    {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        this.buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.nativeOrder());
        buffer.putInt(MAGIC_NANOS).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(snaplen).putInt(linkType);
        try
        {
            drain();
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
        committedBytes = GLOBAL_HEADER;
    }

    /**
     * @param packet         captured bytes.
     * @param capturedLength bytes of packet to write.
     * @param wireLength     length on the wire.
     * @param epochNanos     capture timestamp.
     * @throws IOException if writing failed now (then and after, {@link #failed()} is true and nothing more is
     *                     written; the file holds {@link #packetsWritten()} whole records).
     */
    void write(final byte[] packet, final int capturedLength, final int wireLength, final long epochNanos)
        throws IOException
    {
        if (failure != null)
        {
            throw failure;
        }
        final int length = Math.min(capturedLength, BUFFER - RECORD_HEADER);
        if (buffer.remaining() < RECORD_HEADER + length)
        {
            flush();
        }
        buffer.putInt((int)Math.floorDiv(epochNanos, 1_000_000_000L))
            .putInt((int)Math.floorMod(epochNanos, 1_000_000_000L))
            .putInt(length)
            .putInt(wireLength)
            .put(packet, 0, length);
        bufferedPackets++;
    }

    /**
     * Writes the buffered records to the file.
     *
     * @throws IOException if that failed (the file is cut back to its last whole record).
     */
    void flush() throws IOException
    {
        if (failure != null)
        {
            throw failure;
        }
        try
        {
            drain();
            committedBytes = channel.position();
            committedPackets += bufferedPackets;
            bufferedPackets = 0;
        }
        catch (final IOException ex)
        {
            failure = ex;
            bufferedPackets = 0;
            buffer.clear();
            try
            {
                // Shrinking needs no space, even on a full disk.
                channel.truncate(committedBytes);
            }
            catch (final IOException ignored)
            {
                // Nothing better to do: the failure itself is reported.
            }
            throw ex;
        }
    }

    /** @return whether a write failed: nothing is written any more. */
    boolean failed()
    {
        return failure != null;
    }

    /** @return the failure, or null. */
    IOException failure()
    {
        return failure;
    }

    /** @return whole records the file holds (after the last successful flush). */
    long packetsWritten()
    {
        return committedPackets;
    }

    /** @return the file. */
    Path path()
    {
        return path;
    }

    /**
     * Flushes and closes.
     *
     * @throws IOException if the last records could not be written (the file still ends on a whole record).
     */
    @Override
    public void close() throws IOException
    {
        try
        {
            if (failure == null)
            {
                flush();
            }
        }
        finally
        {
            channel.close();
        }
    }

    private void drain() throws IOException
    {
        buffer.flip();
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
