package io.wirestat.capture.live;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes captured packets to a classic pcap file (nanosecond timestamps, magic {@code a1b23c4d}) with their real
 * wire length, so an incident caught live replays with {@code wirestat analyze} or {@code wirestat check}.
 * Our own writer rather than pcap4j's {@code PcapDumper.dumpRaw}, which records the captured length as the wire
 * length (snap-length-cut packets would then look whole) and takes a {@code java.sql.Timestamp} per packet.
 * <p>
 * Allocation free per packet: a reused 16-byte record header, a buffered stream. Not thread safe: capture thread
 * only.
 */
final class LivePcapWriter implements AutoCloseable
{
    private static final int MAGIC_NANOS = 0xA1B2_3C4D;
    private static final int RECORD_HEADER = 16;
    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.nativeOrder());

    /**
     * @param path     file to create (replaced if it exists).
     * @param linkType LINKTYPE_* of the packets.
     * @param snaplen  the capture's snap length.
     * @throws IOException if the file cannot be created.
     */
    LivePcapWriter(final Path path, final int linkType, final int snaplen) throws IOException
    {
        out = new BufferedOutputStream(Files.newOutputStream(path), BUFFER);
        final ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        global.putInt(MAGIC_NANOS).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(snaplen).putInt(linkType);
        out.write(global.array());
    }

    /**
     * @param packet         captured bytes.
     * @param capturedLength bytes of packet to write.
     * @param wireLength     length on the wire.
     * @param epochNanos     capture timestamp.
     * @throws IOException if writing fails.
     */
    void write(final byte[] packet, final int capturedLength, final int wireLength, final long epochNanos)
        throws IOException
    {
        header.putInt(0, (int)Math.floorDiv(epochNanos, 1_000_000_000L));
        header.putInt(4, (int)Math.floorMod(epochNanos, 1_000_000_000L));
        header.putInt(8, capturedLength);
        header.putInt(12, wireLength);
        out.write(header.array(), 0, RECORD_HEADER);
        out.write(packet, 0, capturedLength);
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
