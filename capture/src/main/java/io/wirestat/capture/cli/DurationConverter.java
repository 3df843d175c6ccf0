package io.wirestat.capture.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts durations written the way operators write them ({@code 60s}, {@code 2m}, {@code 500ms},
 * {@code 1.5s}, {@code 250us}, {@code 1h}; a bare number means seconds) to a {@link Duration}. Negative durations
 * are rejected. Stateless; thread safe.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?");

    @Override
    public Duration convert(final String value)
    {
        try
        {
            return parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }

    /**
     * @param text a duration such as {@code 60s}, {@code 2m}, {@code 500ms}.
     * @return the duration, rounded down to whole nanoseconds.
     * @throws IllegalArgumentException if the text is not a non-negative number with an optional unit.
     */
    public static Duration parse(final String text)
    {
        final Matcher m = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches())
        {
            throw new IllegalArgumentException("invalid duration '" + text
                + "' (expected: a number with a unit ns, us, ms, s, m or h, e.g. 60s, 2m, 500ms)");
        }
        final String unit = m.group(2) == null ? "s" : m.group(2);
        final long nanosPerUnit;
        switch (unit)
        {
            case "ns":
                nanosPerUnit = 1L;
                break;
            case "us":
            case "µs":
                nanosPerUnit = 1_000L;
                break;
            case "ms":
                nanosPerUnit = 1_000_000L;
                break;
            case "m":
                nanosPerUnit = 60_000_000_000L;
                break;
            case "h":
                nanosPerUnit = 3_600_000_000_000L;
                break;
            default:
                nanosPerUnit = 1_000_000_000L;
                break;
        }
        final BigDecimal nanos = new BigDecimal(m.group(1))
            .multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
        {
            throw new IllegalArgumentException("duration too long: '" + text + "' (max: about 292 years)");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * @param duration to print.
     * @return the shortest exact form in the syntax {@link #parse} accepts, e.g. {@code 60s}, {@code 500ms}
     * (seconds rather than minutes, as the default is written).
     */
    public static String format(final Duration duration)
    {
        final long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0)
        {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0)
        {
            return nanos / 1_000_000L + "ms";
        }
        return nanos % 1_000L == 0 ? nanos / 1_000L + "us" : nanos + "ns";
    }
}
