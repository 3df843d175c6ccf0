package io.wirestat.capture.file;

import java.util.Arrays;

/**
 * The interfaces described so far in the current pcapng section: link type, snapshot length and how to turn each
 * interface's timestamp units into nanoseconds (if_tsresol, if_tsoffset). Stored as parallel primitive arrays so the
 * per-frame lookup is array loads, no objects.
 * <p>
 * Not thread safe: owned by one {@link PcapngFile} read.
 */
final class PcapngInterfaces
{
    /** Default if_tsresol: microseconds. */
    static final int DEFAULT_TSRESOL = 6;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int SCALE_MULTIPLY = 0;
    private static final int SCALE_DIVIDE = 1;
    private static final int SCALE_BINARY = 2;
    private static final int INITIAL_CAPACITY = 8;

    private int count;
    private int[] linkTypes = new int[INITIAL_CAPACITY];
    private int[] snaplens = new int[INITIAL_CAPACITY];
    private int[] scaleKinds = new int[INITIAL_CAPACITY];
    private long[] scaleFactors = new long[INITIAL_CAPACITY];
    private long[] offsetNanos = new long[INITIAL_CAPACITY];

    /** Forgets every interface: a new section starts its own numbering. */
    void clear()
    {
        count = 0;
    }

    /** @return number of interfaces described in this section. */
    int count()
    {
        return count;
    }

    /**
     * @param linkType        LINKTYPE_* of the interface.
     * @param snaplen         snapshot length (0 = unlimited).
     * @param tsresol         the if_tsresol option byte: high bit clear = 10^-n seconds, set = 2^-n seconds.
     * @param tsoffsetSeconds the if_tsoffset option: seconds added to every timestamp.
     */
    void add(final int linkType, final int snaplen, final int tsresol, final long tsoffsetSeconds)
    {
        if (count == linkTypes.length)
        {
            final int capacity = count * 2;
            linkTypes = Arrays.copyOf(linkTypes, capacity);
            snaplens = Arrays.copyOf(snaplens, capacity);
            scaleKinds = Arrays.copyOf(scaleKinds, capacity);
            scaleFactors = Arrays.copyOf(scaleFactors, capacity);
            offsetNanos = Arrays.copyOf(offsetNanos, capacity);
        }
        final int exponent = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0)
        {
            scaleKinds[count] = SCALE_BINARY;
            scaleFactors[count] = exponent;
        }
        else if (exponent <= 9)
        {
            scaleKinds[count] = SCALE_MULTIPLY;
            scaleFactors[count] = pow10(9 - exponent);
        }
        else
        {
            // Finer than a nanosecond: divide. Beyond 10^-28 even a full 64-bit count is below one nanosecond.
            scaleKinds[count] = SCALE_DIVIDE;
            scaleFactors[count] = exponent - 9 <= 18 ? pow10(exponent - 9) : Long.MAX_VALUE;
        }
        linkTypes[count] = linkType;
        snaplens[count] = snaplen;
        offsetNanos[count] = tsoffsetSeconds * NANOS_PER_SECOND;
        count++;
    }

    /**
     * @param id interface id, below {@link #count()}.
     * @return its LINKTYPE_*.
     */
    int linkType(final int id)
    {
        return linkTypes[id];
    }

    /**
     * @param id interface id, below {@link #count()}.
     * @return its snapshot length (0 = unlimited).
     */
    int snaplen(final int id)
    {
        return snaplens[id];
    }

    /**
     * @param id    interface id, below {@link #count()}.
     * @param units timestamp in the interface's units, taken as unsigned 64 bits.
     * @return nanoseconds since the epoch.
     */
    long toNanos(final int id, final long units)
    {
        final long factor = scaleFactors[id];
        final long nanos;
        switch (scaleKinds[id])
        {
            case SCALE_MULTIPLY:
                nanos = units * factor;
                break;
            case SCALE_DIVIDE:
                nanos = Long.divideUnsigned(units, factor);
                break;
            default:
                nanos = binaryFractionToNanos(units, (int)factor);
                break;
        }
        return nanos + offsetNanos[id];
    }

    /**
     * @param units    count of 2^-shift seconds, unsigned.
     * @param shift    0..127.
     * @return units * 10^9 / 2^shift, from the exact 128-bit product so no precision is lost.
     */
    static long binaryFractionToNanos(final long units, final int shift)
    {
        final long low = units * NANOS_PER_SECOND;
        // Unsigned high half: multiplyHigh is signed, so correct for a units value with its top bit set.
        final long high = Math.multiplyHigh(units, NANOS_PER_SECOND) + ((units >> 63) & NANOS_PER_SECOND);
        if (shift == 0)
        {
            return low;
        }
        if (shift < 64)
        {
            return (high << (64 - shift)) | (low >>> shift);
        }
        return high >>> (shift - 64);
    }

    private static long pow10(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }
}
