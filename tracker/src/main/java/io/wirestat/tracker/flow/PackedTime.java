package io.wirestat.tracker.flow;

/**
 * A packet time held in 32 bits: microseconds after the record's first-seen time, for the first 2^31 - 2 µs
 * (about 35.8 minutes) of a connection. {@link #NEVER} stands for something that has not happened; a time out of
 * that range (a longer connection, or files out of order) packs to {@link #OUT_OF_RANGE}, and the caller keeps
 * the exact time elsewhere (the spill table). Times are kept to the microsecond, as every report prints them.
 * Stateless.
 */
public final class PackedTime
{
    /** The packed form of "never". */
    public static final int NEVER = -1;
    /** The packed form of a time that does not fit: the caller holds it exactly elsewhere. */
    public static final int OUT_OF_RANGE = -2;
    /** Unpacked "never", as {@link io.wirestat.tracker.report.EndpointActivity#NEVER}. */
    public static final long NEVER_NANOS = Long.MIN_VALUE;

    private static final long MAX_MICROS = Integer.MAX_VALUE;

    private PackedTime()
    {
    }

    /**
     * @param baseNanos  the record's first-seen time (a whole microsecond).
     * @param timeNanos  the time to pack; {@link #NEVER_NANOS} packs to {@link #NEVER}.
     * @return the packed time, {@link #NEVER} or {@link #OUT_OF_RANGE}.
     */
    public static int pack(final long baseNanos, final long timeNanos)
    {
        if (timeNanos == NEVER_NANOS)
        {
            return NEVER;
        }
        final long delta = timeNanos - baseNanos;
        if (delta < 0)
        {
            return OUT_OF_RANGE;
        }
        final long micros = delta / 1_000L;
        return micros < MAX_MICROS ? (int)micros : OUT_OF_RANGE;
    }

    /**
     * @param baseNanos the record's first-seen time.
     * @param packed    a packed time, not {@link #OUT_OF_RANGE}.
     * @return the time in nanoseconds, or {@link #NEVER_NANOS}.
     */
    public static long unpack(final long baseNanos, final int packed)
    {
        return packed == NEVER ? NEVER_NANOS : baseNanos + packed * 1_000L;
    }
}
