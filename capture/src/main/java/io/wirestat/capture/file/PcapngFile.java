package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reader of pcapng files (draft-ietf-opsawg-pcapng). Unlike libpcap it reads files whose interfaces have different
 * link types and snapshot lengths: each frame carries its own interface's link type.
 * <pre>
 *  Every block:  0 block type  4 block total length  8 body ...  (length - 4) block total length again
 *  SHB 0x0A0D0D0A: 8 byte-order magic 0x1A2B3C4D  12 major  14 minor  16 section length (64)  24 options
 *  IDB 1:          8 link type (16)  10 reserved  12 snaplen  16 options (if_tsresol = 9, if_tsoffset = 14)
 *  EPB 6:          8 interface id  12 ts high  16 ts low  20 caplen  24 original length  28 data, padded to 4
 *  SPB 3:          8 original length  12 data (interface 0, no timestamp)
 *  PB 2 (obsolete): 8 interface id (16)  10 drops (16)  12 ts high  16 ts low  20 caplen  24 length  28 data
 * </pre>
 * Every other block type (NRB, ISB, DSB, custom, unknown) is skipped by its length. A new SHB starts a new section:
 * byte order and interface numbering restart.
 * <p>
 * Not thread safe: one reading thread.
 */
final class PcapngFile implements CaptureFile
{
    /** Section Header Block type; a palindrome, so it reads the same in either byte order. */
    static final int SHB = 0x0A0D0D0A;
    /** Interface Description Block type. */
    static final int IDB = 1;
    /** Obsolete Packet Block type. */
    static final int PB = 2;
    /** Simple Packet Block type. */
    static final int SPB = 3;
    /** Enhanced Packet Block type. */
    static final int EPB = 6;
    /** The SHB's byte-order magic as written by the file's writer. */
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** Smallest SHB: header, magic, version, section length, trailer. */
    static final int SHB_MIN_LENGTH = 28;
    /** Largest block accepted, as libpcap's initial maximum: anything bigger is a garbage length. */
    static final int MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

    private static final int BLOCK_HEADER_LENGTH = 8;
    private static final int MIN_BLOCK_LENGTH = 12;
    private static final int IDB_MIN_LENGTH = 20;
    private static final int EPB_MIN_LENGTH = 32;
    private static final int SPB_MIN_LENGTH = 16;
    private static final int OPT_ENDOFOPT = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;

    private final ByteSource source;
    private final String format;
    private final PcapngInterfaces interfaces = new PcapngInterfaces();
    private boolean consumed;

    // Per-read state, in fields so the cold block parsers can report through them without allocating.
    private boolean swapped;
    private int tsresol;
    private long tsoffset;

    private PcapngFile(final ByteSource source, final String format)
    {
        this.source = source;
        this.format = format;
    }

    /**
     * Validates the first Section Header Block as libpcap does and returns a reader.
     *
     * @param source stream whose first 4 bytes are the SHB block type.
     * @param name   file name for messages.
     * @param gzip   whether the stream was gzip-compressed (for {@link #format()}).
     * @return the reader.
     * @throws CaptureFormatException if the first SHB is short, of an unknown byte order or version, or damaged.
     */
    static PcapngFile open(final ByteSource source, final String name, final boolean gzip)
        throws CaptureFormatException
    {
        if (!source.fill(0, SHB_MIN_LENGTH))
        {
            throw new CaptureFormatException(name + ": too short for a pcapng section header: " +
                source.remaining(0) + " bytes (expected: " + SHB_MIN_LENGTH + ")" + source.failureNote());
        }
        source.limitRecordLength(MAX_BLOCK_LENGTH);
        final PcapngFile file = new PcapngFile(source, "pcapng" + (gzip ? " (gzip)" : ""));
        final String error = file.checkSectionHeader(0);
        if (error != null)
        {
            throw new CaptureFormatException(name + ": " + error);
        }
        return file;
    }

    @Override
    public String format()
    {
        return format;
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
        final PcapngInterfaces interfaces = this.interfaces;
        interfaces.clear();

        long frames = 0;
        long position = 0;
        long lastTimestamp = 0;
        long nextPublish = position;
        while (true)
        {
            if (position >= nextPublish)
            {
                progress.publish(source.consumed(position), frames);
                nextPublish = position + ReadProgress.PUBLISH_INTERVAL_BYTES;
            }
            if (position + BLOCK_HEADER_LENGTH > source.end && !source.fill(position, BLOCK_HEADER_LENGTH))
            {
                final long left = source.remaining(position);
                if (left == 0 && source.failure() == null)
                {
                    return new ReadResult(frames, null);
                }
                return new ReadResult(frames, truncated(position, "truncated pcapng block header", left,
                    BLOCK_HEADER_LENGTH));
            }
            ByteBuffer buffer = source.buffer;
            int index = (int)(position - source.base);
            final int type = buffer.getInt(index);
            if (type == SHB)
            {
                // The byte order of this block's own length is only known from the magic that follows it.
                if (!source.fill(position, 12))
                {
                    return new ReadResult(frames, truncated(position, "truncated pcapng section header",
                        source.remaining(position), SHB_MIN_LENGTH));
                }
                final String error = readByteOrder(source.buffer, source.index(position));
                if (error != null)
                {
                    return new ReadResult(frames, new CaptureFault(position, error));
                }
                buffer = source.buffer;
                index = source.index(position);
            }
            final boolean swapped = this.swapped;
            final int blockType = FileByteOrder.swap(type, swapped);
            final int blockLength = FileByteOrder.swap(buffer.getInt(index + 4), swapped);
            if (blockLength < MIN_BLOCK_LENGTH || (blockLength & 3) != 0 || blockLength > MAX_BLOCK_LENGTH)
            {
                return new ReadResult(frames, new CaptureFault(position, "invalid pcapng block length: " +
                    Integer.toUnsignedString(blockLength) + " (expected: a multiple of 4 from " + MIN_BLOCK_LENGTH +
                    " to " + MAX_BLOCK_LENGTH + ")"));
            }
            if (position + blockLength > source.end)
            {
                if (!source.fill(position, blockLength))
                {
                    return new ReadResult(frames, truncated(position, "truncated pcapng block",
                        source.remaining(position), blockLength));
                }
                buffer = source.buffer;
                index = (int)(position - source.base);
            }

            if (blockType == EPB || blockType == PB)
            {
                // The obsolete PB has the EPB's layout but for a 16-bit interface id followed by a drops count.
                if (blockLength < EPB_MIN_LENGTH)
                {
                    return new ReadResult(frames, tooShort(position, blockType, blockLength, EPB_MIN_LENGTH));
                }
                final int interfaceId = blockType == EPB ?
                    FileByteOrder.swap(buffer.getInt(index + 8), swapped) :
                    FileByteOrder.swap(buffer.getShort(index + 8), swapped) & 0xFFFF;
                if (interfaceId < 0 || interfaceId >= interfaces.count())
                {
                    return new ReadResult(frames, new CaptureFault(position, blockName(blockType) +
                        " for undescribed interface " + Integer.toUnsignedString(interfaceId) +
                        " (expected: below " + interfaces.count() + ")"));
                }
                final int caplen = FileByteOrder.swap(buffer.getInt(index + 20), swapped);
                if (caplen < 0 || caplen > blockLength - EPB_MIN_LENGTH)
                {
                    return new ReadResult(frames, new CaptureFault(position, blockName(blockType) +
                        " captured length " + Integer.toUnsignedString(caplen) + " runs past its block (expected: " +
                        "at most " + (blockLength - EPB_MIN_LENGTH) + ")"));
                }
                final long units = ((long)FileByteOrder.swap(buffer.getInt(index + 12), swapped) << 32) |
                    (FileByteOrder.swap(buffer.getInt(index + 16), swapped) & 0xFFFF_FFFFL);
                lastTimestamp = interfaces.toNanos(interfaceId, units);
                handler.onFrame(buffer, index + 28, caplen, FileByteOrder.swap(buffer.getInt(index + 24), swapped),
                    lastTimestamp, interfaces.linkType(interfaceId));
                frames++;
            }
            else if (blockType == SPB)
            {
                if (blockLength < SPB_MIN_LENGTH)
                {
                    return new ReadResult(frames, tooShort(position, blockType, blockLength, SPB_MIN_LENGTH));
                }
                if (interfaces.count() == 0)
                {
                    return new ReadResult(frames, new CaptureFault(position,
                        "simple packet block for undescribed interface 0 (expected: below 0)"));
                }
                final int wireLength = FileByteOrder.swap(buffer.getInt(index + 8), swapped);
                // No caplen field: the frame is the original length cut to the snaplen and to the block body.
                long caplen = Math.min(wireLength & 0xFFFF_FFFFL, blockLength - SPB_MIN_LENGTH);
                final int snaplen = interfaces.snaplen(0);
                if (snaplen > 0)
                {
                    caplen = Math.min(caplen, snaplen);
                }
                handler.onFrame(buffer, index + 12, (int)caplen, wireLength, lastTimestamp, interfaces.linkType(0));
                frames++;
            }
            else if (blockType == IDB || blockType == SHB)
            {
                final String error = blockType == IDB ? readInterface(buffer, index, blockLength) :
                    checkSectionHeader(position);
                if (error != null)
                {
                    return new ReadResult(frames, new CaptureFault(position, error));
                }
            }
            position += blockLength;
        }
    }

    @Override
    public void close() throws IOException
    {
        source.close();
    }

    /**
     * Sets {@link #swapped} from the SHB at the given index.
     *
     * @return null, or what is wrong with the magic.
     */
    private String readByteOrder(final ByteBuffer buffer, final int index)
    {
        final int magic = buffer.getInt(index + 8);
        if (magic == BYTE_ORDER_MAGIC)
        {
            swapped = false;
            return null;
        }
        if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC))
        {
            swapped = true;
            return null;
        }
        return "invalid pcapng byte-order magic: 0x" + String.format("%08x", magic) + " (expected: 0x1a2b3c4d " +
            "in either byte order)";
    }

    /**
     * Checks the SHB at the given stream offset (its first 28 bytes are in the window) like libpcap, and starts a new
     * section: the byte order it declares and an empty interface list.
     *
     * @return null, or what is wrong with it.
     */
    private String checkSectionHeader(final long position)
    {
        final ByteSource source = this.source;
        final String magicError = readByteOrder(source.buffer, source.index(position));
        if (magicError != null)
        {
            return magicError;
        }
        final ByteBuffer buffer = source.buffer;
        final int index = source.index(position);
        final int blockLength = FileByteOrder.swap(buffer.getInt(index + 4), swapped);
        if (blockLength < SHB_MIN_LENGTH || (blockLength & 3) != 0 || blockLength > MAX_BLOCK_LENGTH)
        {
            return "invalid pcapng section header length: " + Integer.toUnsignedString(blockLength) +
                " (expected: a multiple of 4 from " + SHB_MIN_LENGTH + " to " + MAX_BLOCK_LENGTH + ")";
        }
        final int major = FileByteOrder.swap(buffer.getShort(index + 12), swapped) & 0xFFFF;
        final int minor = FileByteOrder.swap(buffer.getShort(index + 14), swapped) & 0xFFFF;
        // libpcap reads 1.0 and 1.2 (1.2 was written by a few tools; it is 1.0 in all but name).
        if (major != 1 || (minor != 0 && minor != 2))
        {
            return "unsupported pcapng version " + major + "." + minor + " (expected: 1.0)";
        }
        if (!source.fill(position, blockLength))
        {
            return "truncated pcapng section header: " + source.remaining(position) + " bytes (expected: " +
                blockLength + ")" + source.failureNote();
        }
        final String optionError = walkOptions(source.buffer, source.index(position), 24, blockLength, false);
        if (optionError != null)
        {
            return "pcapng section header " + optionError;
        }
        interfaces.clear();
        return null;
    }

    /**
     * Adds the interface the IDB at index describes.
     *
     * @return null, or what is wrong with it.
     */
    private String readInterface(final ByteBuffer buffer, final int index, final int blockLength)
    {
        if (blockLength < IDB_MIN_LENGTH)
        {
            return "pcapng interface description block too short: " + blockLength + " bytes (expected: at least " +
                IDB_MIN_LENGTH + ")";
        }
        final int linkType = FileByteOrder.swap(buffer.getShort(index + 8), swapped) & 0xFFFF;
        final int snaplen = FileByteOrder.swap(buffer.getInt(index + 12), swapped);
        tsresol = PcapngInterfaces.DEFAULT_TSRESOL;
        tsoffset = 0;
        final String optionError = walkOptions(buffer, index, 16, blockLength, true);
        if (optionError != null)
        {
            return "pcapng interface description block " + optionError;
        }
        interfaces.add(linkType, snaplen, tsresol, tsoffset);
        return null;
    }

    /**
     * Walks the options of the block at index, from optionsStart to the trailer, checking that each fits; for an
     * IDB also records if_tsresol and if_tsoffset in {@link #tsresol} and {@link #tsoffset}.
     *
     * @return null, or what is wrong.
     */
    private String walkOptions(
        final ByteBuffer buffer,
        final int index,
        final int optionsStart,
        final int blockLength,
        final boolean interfaceOptions)
    {
        final int optionsEnd = blockLength - 4;
        int at = optionsStart;
        while (at < optionsEnd)
        {
            if (optionsEnd - at < 4)
            {
                return "option header truncated: " + (optionsEnd - at) + " bytes (expected: 4)";
            }
            final int code = FileByteOrder.swap(buffer.getShort(index + at), swapped) & 0xFFFF;
            final int length = FileByteOrder.swap(buffer.getShort(index + at + 2), swapped) & 0xFFFF;
            if (code == OPT_ENDOFOPT)
            {
                break;
            }
            final int padded = (length + 3) & ~3;
            if (padded > optionsEnd - at - 4)
            {
                return "option " + code + " too long: " + length + " bytes (expected: at most " +
                    (optionsEnd - at - 4) + ")";
            }
            if (interfaceOptions)
            {
                if (code == IF_TSRESOL && length >= 1)
                {
                    tsresol = buffer.get(index + at + 4) & 0xFF;
                }
                else if (code == IF_TSOFFSET && length >= 8)
                {
                    tsoffset = FileByteOrder.swap(buffer.getLong(index + at + 4), swapped);
                }
            }
            at += 4 + padded;
        }
        return null;
    }

    private CaptureFault truncated(final long position, final String what, final long actual, final long expected)
    {
        return new CaptureFault(position, what + ": " + actual + " bytes (expected: " + expected + ")" +
            source.failureNote());
    }

    private static CaptureFault tooShort(final long position, final int type, final int length, final int minimum)
    {
        return new CaptureFault(position, blockName(type) + " too short: " + length + " bytes (expected: at least " +
            minimum + ")");
    }

    private static String blockName(final int type)
    {
        switch (type)
        {
            case EPB:
                return "enhanced packet block";
            case PB:
                return "packet block";
            case SPB:
                return "simple packet block";
            default:
                return "pcapng block type " + type;
        }
    }
}
