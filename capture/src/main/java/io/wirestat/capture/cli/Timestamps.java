package io.wirestat.capture.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Packet timestamps (epoch nanoseconds) in the two forms reports use: ISO-8601 UTC with milliseconds for people,
 * epoch seconds with microseconds for machines (Zeek's {@code ts}). Stateless; thread safe.
 */
public final class Timestamps
{
    /** Marks "no timestamp" in {@link io.wirestat.capture.analysis.AnalysisReport} (no frame read). */
    public static final long NONE = Long.MIN_VALUE;

    private static final DateTimeFormatter ISO_MILLIS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int MICROS_SCALE = 6;

    private Timestamps()
    {
    }

    /**
     * @param epochNanos packet time.
     * @return e.g. {@code 2024-05-01T12:00:00.123Z}, or {@code -} for {@link #NONE}.
     */
    public static String iso(final long epochNanos)
    {
        if (epochNanos == NONE)
        {
            return "-";
        }
        return ISO_MILLIS.format(Instant.ofEpochSecond(
            Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)));
    }

    /**
     * @param epochNanos packet time.
     * @return epoch seconds with exactly six decimals (microseconds, truncated), e.g. {@code 1714564800.123456}.
     */
    public static BigDecimal epochSeconds(final long epochNanos)
    {
        return BigDecimal.valueOf(Math.floorDiv(epochNanos, 1_000L), MICROS_SCALE);
    }
}
