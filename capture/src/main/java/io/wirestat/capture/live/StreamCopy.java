package io.wirestat.capture.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The {@code -w} copy of a stream source: every packet read, written whole to a pcap file that is opened at the
 * first packet, as a stream's link type is not known before. A packet that cannot be written is counted, never
 * hidden, and the read goes on. Apart from {@link StreamPacketSource} because keeping the file is a job of its own;
 * it differs from a live capture's copy, which is opened before the first packet and can end the capture. Not
 * thread safe: the reading thread, then the closing thread.
 */
final class StreamCopy
{
    /** Snap length of the copy (the stream's own is not known before its header; records are kept whole). */
    private static final int WRITE_SNAPLEN = 262_144;

    private final Path path;
    private LivePcapWriter writer;
    private int writerLinkType = -1;
    private byte[] scratch = new byte[0];
    private long errors;

    /**
     * @param path the file to write; created at the first packet.
     */
    StreamCopy(final Path path)
    {
        this.path = path;
    }

    /**
     * Writes one frame, or counts it if it cannot be written.
     *
     * @param buffer   holding the frame.
     * @param offset   of the frame in the buffer.
     * @param captured bytes captured.
     * @param wire     length on the wire.
     * @param nanos    packet time.
     * @param linkType the frame's LINKTYPE_*.
     */
    void write(final ByteBuffer buffer, final int offset, final int captured, final int wire, final long nanos,
        final int linkType)
    {
        try
        {
            if (writer == null)
            {
                writer = new LivePcapWriter(path, linkType, WRITE_SNAPLEN);
                writerLinkType = linkType;
            }
            if (linkType != writerLinkType)
            {
                // A pcap file holds one link type; a pcapng stream may mix them. Counted, never hidden.
                errors++;
                return;
            }
            if (captured > scratch.length)
            {
                scratch = new byte[Math.max(captured, 4096)];
            }
            buffer.get(offset, scratch, 0, captured);
            writer.write(scratch, captured, wire, nanos);
        }
        catch (final IOException ex)
        {
            errors++;
        }
    }

    /** @return packets that could not be written, and a failed close. */
    long errors()
    {
        return errors;
    }

    /** Closes the file, if one was opened; a failure is counted. */
    void close()
    {
        if (writer != null)
        {
            try
            {
                writer.close();
            }
            catch (final IOException ex)
            {
                errors++;
            }
        }
    }
}
