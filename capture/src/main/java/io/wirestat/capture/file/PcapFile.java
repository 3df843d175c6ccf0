package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reader of classic libpcap savefiles (either byte order, micro- or nanosecond timestamps).
 * <pre>
 *  File header (24 bytes, in the writer's byte order):
 *   0 magic  4 version major (16)  6 version minor (16)  8 thiszone  12 sigfigs  16 snaplen  20 network (link type)
 *  Record header (16 bytes) followed by caplen bytes of frame:
 *   0 ts seconds  4 ts micro- or nanoseconds  8 caplen  12 original length
 * </pre>
 * Record headers are read in the file's byte order by swapping ints read from the big-endian buffer, so the buffer
 * handed to the {@link FrameHandler} stays big-endian for the decoder.
 * <p>
 * Not thread safe: one reading thread.
 */
final class PcapFile implements CaptureFile
{
    /** Size of the file header. */
    static final int FILE_HEADER_LENGTH = 24;
    /** Size of each record header. */
    static final int RECORD_HEADER_LENGTH = 16;
    /** libpcap accepts any caplen up to this even when the header's snaplen is smaller (its max_snaplen_for_dlt). */
    static final int MAX_CAPLEN_FLOOR = 262_144;
    /**
     * Largest caplen accepted whatever the header's snaplen says: the pcapng reader's block bound. A header claiming
     * more (2 GiB, say) is lying, and its records are faults, not a window that size.
     */
    static final int MAX_CAPLEN_CEILING = PcapngFile.MAX_BLOCK_LENGTH;

    private static final int VERSION_MAJOR_OFFSET = 4;
    private static final int VERSION_MINOR_OFFSET = 6;
    private static final int SNAPLEN_OFFSET = 16;
    private static final int NETWORK_OFFSET = 20;
    private static final int TS_SEC_OFFSET = 0;
    private static final int TS_FRACTION_OFFSET = 4;
    private static final int CAPLEN_OFFSET = 8;
    private static final int WIRELEN_OFFSET = 12;

    /** libpcap's LT_LINKTYPE: the link type proper is the low 16 bits of the network field. */
    private static final int LINKTYPE_MASK = 0x0000_FFFF;
    /** libpcap's LT_RESERVED1: must be zero; the bits above it carry the FCS length, which we ignore. */
    private static final int LINKTYPE_RESERVED_MASK = 0x03FF_0000;

    /** Record lengths are in the documented order (2.4 and later). */
    private static final int LENGTHS_IN_ORDER = 0;
    /** Files before 2.3 wrote the original length first and the captured length second (libpcap's SWAPPED). */
    private static final int LENGTHS_SWAPPED = 1;
    /** 2.3 files were written both ways; libpcap swaps when caplen exceeds len (its MAYBE_SWAPPED). */
    private static final int LENGTHS_MAYBE_SWAPPED = 2;

    private final ByteSource source;
    private final String format;
    private final boolean swapped;
    private final long fractionToNanos;
    private final int linkType;
    private final int maxCaplen;
    private final int lengthOrder;
    private boolean consumed;

    private PcapFile(
        final ByteSource source,
        final String format,
        final boolean swapped,
        final long fractionToNanos,
        final int linkType,
        final int maxCaplen,
        final int lengthOrder)
    {
        this.lengthOrder = lengthOrder;
        this.source = source;
        this.format = format;
        this.swapped = swapped;
        this.fractionToNanos = fractionToNanos;
        this.linkType = linkType;
        this.maxCaplen = maxCaplen;
    }

    /**
     * Validates the file header as libpcap does and returns a reader positioned after it.
     *
     * @param source     stream whose first 4 bytes are a pcap magic number.
     * @param name       file name for messages.
     * @param swapped    whether the file's byte order is little-endian.
     * @param nanosecond whether the timestamps' fraction is in nanoseconds.
     * @param gzip       whether the stream was gzip-compressed (for {@link #format()}).
     * @return the reader.
     * @throws CaptureFormatException if the header is short or one libpcap refuses.
     */
    static PcapFile open(
        final ByteSource source,
        final String name,
        final boolean swapped,
        final boolean nanosecond,
        final boolean gzip) throws CaptureFormatException
    {
        if (!source.fill(0, FILE_HEADER_LENGTH))
        {
            throw new CaptureFormatException(name + ": too short for a pcap header: " + source.remaining(0) +
                " bytes (expected: " + FILE_HEADER_LENGTH + ")" + source.failureNote());
        }
        final ByteBuffer buffer = source.buffer;
        final int major = FileByteOrder.swap(buffer.getShort(VERSION_MAJOR_OFFSET), swapped) & 0xFFFF;
        final int minor = FileByteOrder.swap(buffer.getShort(VERSION_MINOR_OFFSET), swapped) & 0xFFFF;
        // Same rule as libpcap's pcap_check_header: 2.0 to 2.4, plus the 543.0 written by a buggy old writer.
        if (!((major == 2 && minor <= 4) || (major == 543 && minor == 0)))
        {
            throw new CaptureFormatException(name + ": unsupported pcap version " + major + "." + minor +
                " (expected: 2.4 or lower)");
        }
        final int network = FileByteOrder.swap(buffer.getInt(NETWORK_OFFSET), swapped);
        if ((network & LINKTYPE_RESERVED_MASK) != 0)
        {
            throw new CaptureFormatException(name + ": pcap link type has reserved bits set: 0x" +
                Integer.toHexString(network) + " (expected: 0 in bits 0x" +
                Integer.toHexString(LINKTYPE_RESERVED_MASK) + ")");
        }
        final int snaplen = FileByteOrder.swap(buffer.getInt(SNAPLEN_OFFSET), swapped);
        final int maxCaplen = Math.min(Math.max(snaplen, MAX_CAPLEN_FLOOR), MAX_CAPLEN_CEILING);
        source.limitRecordLength(RECORD_HEADER_LENGTH + maxCaplen);
        final String format = (nanosecond ? "pcap (nanosecond)" : "pcap") + (gzip ? " (gzip)" : "");
        final int lengthOrder = major == 2 && minor < 3 ? LENGTHS_SWAPPED :
            major == 2 && minor == 3 ? LENGTHS_MAYBE_SWAPPED : LENGTHS_IN_ORDER;
        return new PcapFile(source, format, swapped, nanosecond ? 1L : 1_000L, network & LINKTYPE_MASK, maxCaplen,
            lengthOrder);
    }

    @Override
    public String format()
    {
        return format;
    }

    /** @return the link type from the file header (LINKTYPE_*, FCS bits removed). */
    int linkType()
    {
        return linkType;
    }

    @Override
    public ReadResult readAll(final FrameHandler handler, final ReadProgress progress)
    {
        final ReadResult result = read(handler, progress);
        progress.endFile(source.consumed(source.end), result.frames());
        return result;
    }

    private ReadResult read(final FrameHandler handler, final ReadProgress progress)
    {
        final ByteSource source = this.source;
        final ReadResult cannotRewind = source.rewindForAnotherRead(consumed);
        if (cannotRewind != null)
        {
            return cannotRewind;
        }
        consumed = true;

        final boolean swapped = this.swapped;
        final long fractionToNanos = this.fractionToNanos;
        final int linkType = this.linkType;
        final int maxCaplen = this.maxCaplen;
        final int lengthOrder = this.lengthOrder;
        long frames = 0;
        long position = FILE_HEADER_LENGTH;
        long nextPublish = position;
        while (true)
        {
            if (position >= nextPublish)
            {
                progress.publish(source.consumed(position), frames);
                nextPublish = position + ReadProgress.PUBLISH_INTERVAL_BYTES;
            }
            if (position + RECORD_HEADER_LENGTH > source.end && !source.fill(position, RECORD_HEADER_LENGTH))
            {
                final long left = source.remaining(position);
                if (left == 0 && source.failure() == null)
                {
                    return new ReadResult(frames, null);
                }
                return new ReadResult(frames, truncated(position, "truncated pcap record header", left,
                    RECORD_HEADER_LENGTH));
            }
            ByteBuffer buffer = source.buffer;
            int index = (int)(position - source.base);
            int caplen = FileByteOrder.swap(buffer.getInt(index + CAPLEN_OFFSET), swapped);
            int wireLength = FileByteOrder.swap(buffer.getInt(index + WIRELEN_OFFSET), swapped);
            if (lengthOrder != LENGTHS_IN_ORDER &&
                (lengthOrder == LENGTHS_SWAPPED || Integer.compareUnsigned(caplen, wireLength) > 0))
            {
                final int captured = wireLength;
                wireLength = caplen;
                caplen = captured;
            }
            if (caplen < 0 || caplen > maxCaplen)
            {
                return new ReadResult(frames, new CaptureFault(position, "invalid pcap record header: captured " +
                    "length " + Integer.toUnsignedString(caplen) + " (expected: at most " + maxCaplen + ")"));
            }
            final int recordLength = RECORD_HEADER_LENGTH + caplen;
            if (position + recordLength > source.end)
            {
                if (!source.fill(position, recordLength))
                {
                    return new ReadResult(frames, truncated(position, "truncated pcap record",
                        source.remaining(position), recordLength));
                }
                buffer = source.buffer;
                index = (int)(position - source.base);
            }
            final long seconds = FileByteOrder.swap(buffer.getInt(index + TS_SEC_OFFSET), swapped) & 0xFFFF_FFFFL;
            final long fraction =
                FileByteOrder.swap(buffer.getInt(index + TS_FRACTION_OFFSET), swapped) & 0xFFFF_FFFFL;
            handler.onFrame(buffer, index + RECORD_HEADER_LENGTH, caplen, wireLength,
                seconds * 1_000_000_000L + fraction * fractionToNanos, linkType);
            frames++;
            position += recordLength;
        }
    }

    @Override
    public void close() throws IOException
    {
        source.close();
    }

    private CaptureFault truncated(final long position, final String what, final long actual, final long expected)
    {
        return new CaptureFault(position, what + ": " + actual + " bytes (expected: " + expected + ")" +
            source.failureNote());
    }
}
