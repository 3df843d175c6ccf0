package io.wirestat.capture.cli;

import java.util.Locale;

/**
 * Counts as the human output writes them: with thousands separators from 10,000 on ({@code 9999}, {@code 10,000},
 * {@code 287,444}), where digits stop being countable at a glance; a four-digit count stays as it is, as ss and ps
 * write it. Machine formats (jsonl, csv, zeek) never use this. Stateless; thread safe.
 */
public final class HumanNumbers
{
    /** The largest count written without separators. */
    static final long PLAIN_UP_TO = 9_999;

    private HumanNumbers()
    {
    }

    /**
     * @param count a count.
     * @return {@code 9999}, {@code 10,000}, {@code -12,345}.
     */
    public static String count(final long count)
    {
        return Math.abs(count) > PLAIN_UP_TO ? String.format(Locale.ROOT, "%,d", count) : Long.toString(count);
    }

    /**
     * @param count how many.
     * @param noun  the singular, made plural with an s.
     * @return {@code 1 connection}, {@code 12,000 connections}.
     */
    public static String plural(final long count, final String noun)
    {
        return count(count) + " " + noun + (count == 1 ? "" : "s");
    }
}
