package io.wirestat.capture.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;

/**
 * Builds capture files byte by byte in a chosen byte order, for tests. Each method appends one header, record or
 * block. Not thread safe.
 */
final class CaptureBytes
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    CaptureBytes(final ByteOrder order)
    {
        this.order = order;
    }

    /** Changes the byte order of what is appended next (a new pcapng section). */
    CaptureBytes order(final ByteOrder newOrder)
    {
        this.order = newOrder;
        return this;
    }

    CaptureBytes pcapHeader(final boolean nanosecond, final int snaplen, final int network)
    {
        final ByteBuffer b = buffer(24);
        b.putInt(nanosecond ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(snaplen).putInt(network);
        return append(b);
    }

    CaptureBytes pcapRecord(final long seconds, final long fraction, final byte[] data, final int wireLength)
    {
        final ByteBuffer b = buffer(16 + data.length);
        b.putInt((int)seconds).putInt((int)fraction).putInt(data.length).putInt(wireLength).put(data);
        return append(b);
    }

    /** A raw record header claiming caplen, without data. */
    CaptureBytes pcapRecordHeader(final int caplen, final int wireLength)
    {
        final ByteBuffer b = buffer(16);
        b.putInt(1).putInt(2).putInt(caplen).putInt(wireLength);
        return append(b);
    }

    CaptureBytes sectionHeader()
    {
        final ByteBuffer b = buffer(28);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1)
            .putInt(28);
        return append(b);
    }

    /**
     * @param tsresol  if_tsresol byte, or -1 for none.
     * @param tsoffset if_tsoffset seconds, or 0 for none.
     */
    CaptureBytes interfaceDescription(final int linkType, final int snaplen, final int tsresol, final long tsoffset)
    {
        final int options = (tsresol >= 0 ? 8 : 0) + (tsoffset != 0 ? 12 : 0) + 4;
        final int length = 20 + options;
        final ByteBuffer b = buffer(length);
        b.putInt(1).putInt(length).putShort((short)linkType).putShort((short)0).putInt(snaplen);
        if (tsresol >= 0)
        {
            b.putShort((short)9).putShort((short)1).put((byte)tsresol).put(new byte[3]);
        }
        if (tsoffset != 0)
        {
            b.putShort((short)14).putShort((short)8).putLong(tsoffset);
        }
        b.putInt(0).putInt(length);
        return append(b);
    }

    CaptureBytes enhancedPacket(final int interfaceId, final long units, final byte[] data, final int wireLength)
    {
        final int length = 32 + pad(data.length);
        final ByteBuffer b = buffer(length);
        b.putInt(6).putInt(length).putInt(interfaceId).putInt((int)(units >>> 32)).putInt((int)units)
            .putInt(data.length).putInt(wireLength).put(data).position(length - 4);
        b.putInt(length);
        return append(b);
    }

    CaptureBytes obsoletePacket(final int interfaceId, final long units, final byte[] data, final int wireLength)
    {
        final int length = 32 + pad(data.length);
        final ByteBuffer b = buffer(length);
        b.putInt(2).putInt(length).putShort((short)interfaceId).putShort((short)0).putInt((int)(units >>> 32))
            .putInt((int)units).putInt(data.length).putInt(wireLength).put(data).position(length - 4);
        b.putInt(length);
        return append(b);
    }

    CaptureBytes simplePacket(final byte[] data, final int wireLength)
    {
        final int length = 16 + pad(data.length);
        final ByteBuffer b = buffer(length);
        b.putInt(3).putInt(length).putInt(wireLength).put(data).position(length - 4);
        b.putInt(length);
        return append(b);
    }

    /** A block of any type with an opaque body, to be skipped. */
    CaptureBytes block(final int type, final int bodyLength)
    {
        final int length = 12 + pad(bodyLength);
        final ByteBuffer b = buffer(length);
        b.putInt(type).putInt(length);
        for (int i = 0; i < bodyLength; i++)
        {
            b.put((byte)0xEE);
        }
        b.position(length - 4);
        b.putInt(length);
        return append(b);
    }

    /** A block header with any length, followed by nothing. */
    CaptureBytes blockHeader(final int type, final int length)
    {
        return append(buffer(8).putInt(type).putInt(length));
    }

    CaptureBytes raw(final byte[] bytes)
    {
        out.writeBytes(bytes);
        return this;
    }

    int size()
    {
        return out.size();
    }

    byte[] toByteArray()
    {
        return out.toByteArray();
    }

    static byte[] gzip(final byte[] plain)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes))
        {
            gz.write(plain);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static byte[] frame(final int length, final int seed)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed * 31 + i);
        }
        return data;
    }

    private static int pad(final int length)
    {
        return (length + 3) & ~3;
    }

    private ByteBuffer buffer(final int length)
    {
        return ByteBuffer.allocate(length).order(order);
    }

    private CaptureBytes append(final ByteBuffer b)
    {
        out.write(b.array(), 0, b.capacity());
        return this;
    }
}
