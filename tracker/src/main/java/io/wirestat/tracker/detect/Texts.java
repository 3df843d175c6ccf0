package io.wirestat.tracker.detect;

import java.util.Locale;

/**
 * Numbers as alert messages write them. Stateless; thread safe.
 */
final class Texts
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Texts()
    {
    }

    /** @return a duration for people: {@code 850 ms}, {@code 3.5 s}, {@code 95 s}, {@code 42 min}, {@code 5.2 h}. */
    static String duration(final long nanos)
    {
        if (nanos < NANOS_PER_SECOND)
        {
            return nanos / 1_000_000L + " ms";
        }
        final double seconds = (double)nanos / NANOS_PER_SECOND;
        if (seconds < 10)
        {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 600)
        {
            return Math.round(Math.floor(seconds)) + " s";
        }
        if (seconds < 7200)
        {
            return Math.round(Math.floor(seconds / 60)) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    /** @return {@code 1 connection}, {@code 3 connections}. */
    static String connections(final long count)
    {
        return plural(count, "connection");
    }

    /**
     * @param count how many.
     * @param noun  the singular, made plural with an s.
     * @return {@code 1 retransmission}, {@code 0 retransmissions}, {@code 9 retransmissions}.
     */
    static String plural(final long count, final String noun)
    {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** @return a rate rounded to two decimals, as evidence holds it. */
    static double rate(final double perSecond)
    {
        return Math.round(perSecond * 100.0) / 100.0;
    }

    /** @return seconds with the fraction, for evidence: nanos / 1e9 rounded to milliseconds. */
    static double seconds(final long nanos)
    {
        return Math.round(nanos / 1_000_000.0) / 1_000.0;
    }
}
