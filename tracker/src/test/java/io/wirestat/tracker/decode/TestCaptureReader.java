package io.wirestat.tracker.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A tiny test-only reader of classic pcap (micro and nanosecond, either byte order) and pcapng (SHB, IDB, EPB, SPB
 * and the obsolete PB; per-interface link types), gzip'd or not. It exists so the decoder can be swept over the
 * corpus without depending on the capture module's real reader. It loads the whole file and hands the decoder
 * frames at their offsets inside that one big-endian buffer, so every frame after the first is decoded at a
 * non-zero offset with more bytes behind it. Not thread safe; cold path; allocation is fine here.
 */
final class TestCaptureReader
{
    /** Receives each frame: the same arguments {@link FrameDecoder#decode} takes. */
    interface FrameVisitor
    {
        void onFrame(ByteBuffer buffer, int offset, int capturedLength, int wireLength, int linkType);
    }

    private static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int MAX_INTERFACES = 4096;

    private TestCaptureReader()
    {
    }

    /**
     * @param file a capture file.
     * @return true if it starts like a pcap, pcapng or gzip file.
     * @throws IOException if it cannot be read.
     */
    static boolean looksLikeCapture(final Path file) throws IOException
    {
        final byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file))
        {
            if (in.readNBytes(head, 0, 4) < 4)
            {
                return false;
            }
        }
        if ((head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B)
        {
            return true;
        }
        final int be = ByteBuffer.wrap(head).getInt();
        final int le = Integer.reverseBytes(be);
        return be == PCAP_MAGIC_MICROS || le == PCAP_MAGIC_MICROS || be == PCAP_MAGIC_NANOS ||
            le == PCAP_MAGIC_NANOS || be == PCAPNG_SHB;
    }

    /**
     * Reads every frame of a capture.
     *
     * @param file    pcap or pcapng, optionally gzip'd.
     * @param visitor receives each frame.
     * @return the number of frames read.
     * @throws IOException if the file cannot be read or is not a capture.
     */
    static int read(final Path file, final FrameVisitor visitor) throws IOException
    {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B)
        {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file)))
            {
                final ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
                in.transferTo(out);
                bytes = out.toByteArray();
            }
        }
        if (bytes.length < 4)
        {
            throw new IOException("too short to be a capture: " + file);
        }
        final ByteBuffer frames = ByteBuffer.wrap(bytes); // big endian: what the decoder requires
        final ByteBuffer fields = ByteBuffer.wrap(bytes);  // for the file's own headers, in the file's order
        final int magic = frames.getInt(0);
        if (magic == PCAPNG_SHB)
        {
            return readPcapng(frames, fields, visitor, file);
        }
        if (magic == PCAP_MAGIC_MICROS || magic == PCAP_MAGIC_NANOS)
        {
            fields.order(ByteOrder.BIG_ENDIAN);
        }
        else if (Integer.reverseBytes(magic) == PCAP_MAGIC_MICROS || Integer.reverseBytes(magic) == PCAP_MAGIC_NANOS)
        {
            fields.order(ByteOrder.LITTLE_ENDIAN);
        }
        else
        {
            throw new IOException("not a pcap or pcapng file: " + file);
        }
        return readPcap(frames, fields, visitor, file);
    }

    private static int readPcap(
        final ByteBuffer frames, final ByteBuffer fields, final FrameVisitor visitor, final Path file)
        throws IOException
    {
        final int size = fields.limit();
        if (size < 24)
        {
            throw new IOException("truncated pcap file header: " + file);
        }
        // Upper bits of the link-type field may carry FCS length flags (pcap-savefile(5)).
        final int linkType = fields.getInt(20) & 0x03FF_FFFF;
        // Before format 2.3 the two length fields were written the other way round (libpcap's sf-pcap.c).
        final boolean swappedLengths = fields.getShort(4) == 2 && fields.getShort(6) < 3;
        int pos = 24;
        int count = 0;
        while (size - pos >= 16)
        {
            final int capturedLength = fields.getInt(pos + (swappedLengths ? 12 : 8));
            final int wireLength = fields.getInt(pos + (swappedLengths ? 8 : 12));
            if (capturedLength < 0 || capturedLength > size - pos - 16)
            {
                break; // a record cut by the end of the file, as libpcap reports a truncated dump
            }
            visitor.onFrame(frames, pos + 16, capturedLength, wireLength, linkType);
            count++;
            pos += 16 + capturedLength;
        }
        return count;
    }

    private static int readPcapng(
        final ByteBuffer frames, final ByteBuffer fields, final FrameVisitor visitor, final Path file)
        throws IOException
    {
        final int size = fields.limit();
        final int[] linkTypes = new int[MAX_INTERFACES];
        final int[] snapLengths = new int[MAX_INTERFACES];
        int interfaces = 0;
        int pos = 0;
        int count = 0;
        while (size - pos >= 12)
        {
            final int type = frames.getInt(pos); // the SHB type is a palindrome: order-free
            if (type == PCAPNG_SHB)
            {
                final int bom = frames.getInt(pos + 8);
                if (bom == PCAPNG_BYTE_ORDER_MAGIC)
                {
                    fields.order(ByteOrder.BIG_ENDIAN);
                }
                else if (Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER_MAGIC)
                {
                    fields.order(ByteOrder.LITTLE_ENDIAN);
                }
                else
                {
                    throw new IOException("bad pcapng byte-order magic at " + pos + ": " + file);
                }
                interfaces = 0; // a new section starts a new interface list
            }
            final int blockType = fields.getInt(pos);
            final int blockLength = fields.getInt(pos + 4);
            if (blockLength < 12 || (blockLength & 3) != 0 || blockLength > size - pos)
            {
                if (count == 0 && interfaces == 0)
                {
                    throw new IOException("bad pcapng block length " + blockLength + " at " + pos + ": " + file);
                }
                break;
            }
            switch (blockType)
            {
                case 1: // interface description
                    if (interfaces < MAX_INTERFACES)
                    {
                        linkTypes[interfaces] = fields.getShort(pos + 8) & 0xFFFF;
                        snapLengths[interfaces] = fields.getInt(pos + 12);
                        interfaces++;
                    }
                    break;

                case 6: // enhanced packet
                case 2: // obsolete packet block
                {
                    final int iface = blockType == 6 ? fields.getInt(pos + 8) : fields.getShort(pos + 8) & 0xFFFF;
                    final int capturedLength = fields.getInt(pos + 20);
                    final int wireLength = fields.getInt(pos + 24);
                    if (iface < 0 || iface >= interfaces || capturedLength < 0 || capturedLength > blockLength - 32)
                    {
                        throw new IOException("bad packet block at " + pos + ": " + file);
                    }
                    visitor.onFrame(frames, pos + 28, capturedLength, wireLength, linkTypes[iface]);
                    count++;
                    break;
                }

                case 3: // simple packet
                {
                    if (interfaces == 0)
                    {
                        throw new IOException("simple packet block before any interface: " + file);
                    }
                    final int wireLength = fields.getInt(pos + 8);
                    int capturedLength = Math.min(wireLength, blockLength - 16);
                    if (snapLengths[0] > 0)
                    {
                        capturedLength = Math.min(capturedLength, snapLengths[0]);
                    }
                    visitor.onFrame(frames, pos + 12, capturedLength, wireLength, linkTypes[0]);
                    count++;
                    break;
                }

                default:
                    break;
            }
            pos += blockLength;
        }
        return count;
    }
}
