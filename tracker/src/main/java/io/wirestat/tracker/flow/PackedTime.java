package io.wirestat.tracker.flow;

/**
 * A packet time held in 32 bits, relative to the record's first-seen time: microseconds for the first 2^30 µs
 * (about 17.9 minutes) of a connection, milliseconds after that (up to about 12.4 days, then held there).
 * {@link #NEVER} stands for something that has not happened. Times before first seen (a capture whose files are
 * out of order) are held as first seen. Stateless.
 */
public final class PackedTime
{
    /** The packed form of "never". */
    public static final int NEVER = -1;
    /** Unpacked "never", as {@link io.wirestat.tracker.report.EndpointActivity#NEVER}. */
    public static final long NEVER_NANOS = Long.MIN_VALUE;

    private static final int MILLIS_FLAG = 1 << 30;
    private static final long LOW_MASK = MILLIS_FLAG - 1;
    private static final long MAX_MILLIS = LOW_MASK - 1;

    private PackedTime()
    {
    }

    /**
     * @param baseNanos  the record's first-seen time (a whole microsecond).
     * @param timeNanos  the time to pack; {@link #NEVER_NANOS} packs to {@link #NEVER}.
     * @return the packed time.
     */
    public static int pack(final long baseNanos, final long timeNanos)
    {
        if (timeNanos == NEVER_NANOS)
        {
            return NEVER;
        }
        final long delta = timeNanos - baseNanos;
        if (delta <= 0)
        {
            return 0;
        }
        final long micros = delta / 1_000L;
        if (micros < MILLIS_FLAG)
        {
            return (int)micros;
        }
        return MILLIS_FLAG | (int)Math.min(micros / 1_000L, MAX_MILLIS);
    }

    /**
     * @param baseNanos the record's first-seen time.
     * @param packed    a packed time.
     * @return the time in nanoseconds, or {@link #NEVER_NANOS}.
     */
    public static long unpack(final long baseNanos, final int packed)
    {
        if (packed == NEVER)
        {
            return NEVER_NANOS;
        }
        if ((packed & MILLIS_FLAG) == 0)
        {
            return baseNanos + packed * 1_000L;
        }
        return baseNanos + (packed & LOW_MASK) * 1_000_000L;
    }
}
