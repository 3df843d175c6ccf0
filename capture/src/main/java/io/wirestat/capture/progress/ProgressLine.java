package io.wirestat.capture.progress;

import java.util.Locale;

/**
 * The text of the one-line progress display, and how to rewrite it in place: pure functions of the figures, so that
 * the layout is tested without threads or clocks.
 * <pre>
 *   31%  1.2G of 3.9G  3.12M pkt/s   412k conns  0:03 elapsed  ETA 0:07      (files: size known)
 *  1.2G read  10.5M pkts  3.12M pkt/s   412k conns  0:03 elapsed              (standard input: size unknown)
 *  writing report...   520k conns  0:12 elapsed                               (after the last frame)
 * </pre>
 * Numbers are right-aligned in fields of fixed width so that the line does not jitter as they change; the worst
 * case (hours, terabytes, millions) stays within 77 columns, so it never wraps on an 80-column terminal, where a
 * carriage return would no longer go back to its start. Sizes are binary as {@code ls -h} writes them (1.2G), counts
 * decimal as {@code ss -s} and {@code pv} do (412k). Thread safe (stateless).
 */
final class ProgressLine
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final String[] BYTE_UNITS = {"K", "M", "G", "T", "P", "E"};
    private static final String[] COUNT_UNITS = {"k", "M", "G", "T", "P", "E"};

    private ProgressLine()
    {
    }

    /**
     * The line while frames are read.
     *
     * @param bytes        input bytes consumed so far (compressed bytes for gzip).
     * @param totalBytes   the input's size, or a negative number when unknown (standard input): then no percent and
     *                     no ETA, the bytes read and the frames instead.
     * @param frames       frames read so far.
     * @param connections  connections the tracker holds.
     * @param elapsedNanos wall time since the analysis started.
     * @return the line, without carriage return or newline.
     */
    static String reading(
        final long bytes, final long totalBytes, final long frames, final long connections, final long elapsedNanos)
    {
        final StringBuilder line = new StringBuilder(80);
        if (totalBytes >= 0)
        {
            line.append(String.format(Locale.ROOT, "%3d%%", percent(bytes, totalBytes)))
                .append("  ").append(pad(size(bytes), 5)).append(" of ").append(size(totalBytes));
        }
        else
        {
            line.append(pad(size(bytes), 5)).append(" read  ").append(pad(count(frames), 5)).append(" pkts");
        }
        line.append("  ").append(pad(count(rate(frames, elapsedNanos)), 5)).append(" pkt/s")
            .append("  ").append(pad(count(connections), 5)).append(" conns")
            .append("  ").append(duration(elapsedNanos)).append(" elapsed");
        if (totalBytes >= 0)
        {
            line.append("  ETA ").append(eta(bytes, totalBytes, elapsedNanos));
        }
        return line.toString();
    }

    /**
     * The line once every frame is read, while the report is made and written.
     *
     * @param connections  connections in the report.
     * @param elapsedNanos wall time since the analysis started.
     * @return the line.
     */
    static String writingReport(final long connections, final long elapsedNanos)
    {
        return "writing report...  " + pad(count(connections), 5) + " conns  " + duration(elapsedNanos) + " elapsed";
    }

    /**
     * What to write to replace a shown line by another: back to the column 0, the new line, and spaces over what is
     * left of a longer previous line (no terminal escape: a forced display into a file or a dumb terminal reads the
     * same).
     *
     * @param line          the new line.
     * @param shownLength   length of the line shown now (0 if none).
     * @return the characters to write.
     */
    static String overwrite(final String line, final int shownLength)
    {
        return "\r" + line + " ".repeat(Math.max(0, shownLength - line.length()));
    }

    /**
     * @param shownLength length of the line shown now.
     * @return the characters that blank it and leave the cursor at column 0, where the next output starts.
     */
    static String clear(final int shownLength)
    {
        return "\r" + " ".repeat(shownLength) + "\r";
    }

    /** @return whole percent done, 0..100 (a file that grew while read shows 100, not more). */
    static int percent(final long bytes, final long totalBytes)
    {
        if (totalBytes <= 0)
        {
            return 100;
        }
        return (int)Math.min(100, Math.max(0, bytes) * 100 / totalBytes);
    }

    /** @return ETA from the average rate so far: "m:ss" or "h:mm:ss", "--:--" before anything is read. */
    static String eta(final long bytes, final long totalBytes, final long elapsedNanos)
    {
        if (bytes <= 0 || elapsedNanos <= 0)
        {
            return "--:--";
        }
        final long left = Math.max(0, totalBytes - bytes);
        // left * elapsed / bytes in double: both factors can be large enough to overflow a long.
        return duration((long)((double)left * elapsedNanos / bytes));
    }

    /** @return events per second over the whole elapsed time (0 before any time has passed). */
    static long rate(final long events, final long elapsedNanos)
    {
        return elapsedNanos <= 0 ? 0 : (long)((double)events * NANOS_PER_SECOND / elapsedNanos);
    }

    /** @return "0:07", "12:34", "1:02:03": minutes and seconds, with hours in front from an hour on. */
    static String duration(final long nanos)
    {
        final long seconds = Math.max(0, nanos) / NANOS_PER_SECOND;
        final long hours = seconds / 3600;
        final long minutes = seconds / 60 % 60;
        final long secs = seconds % 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs) :
            String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }

    /** @return a size as {@code ls -h} writes it: 512B, 3.9G, 512M (binary units, one decimal below 10). */
    static String size(final long bytes)
    {
        return scaled(bytes, 1024, BYTE_UNITS, "B");
    }

    /** @return a count with decimal units: 950, 3.12M, 41.2k, 412k (three significant digits). */
    static String count(final long n)
    {
        return scaled(n, 1000, COUNT_UNITS, "");
    }

    private static String scaled(final long value, final int base, final String[] units, final String unitless)
    {
        if (value < base)
        {
            return Math.max(0, value) + unitless;
        }
        double scaled = value;
        int unit = -1;
        // Up a unit while the figure would round to the base or beyond (1023.6K is 1.0M, not 1024K).
        while (unit < units.length - 1 && scaled >= base - 0.5)
        {
            scaled /= base;
            unit++;
        }
        // Sizes with one decimal below 10 as ls -h (3.9G, 512M); counts with three significant digits (3.12M, 41.2k).
        final String digits;
        if (base == 1024)
        {
            digits = String.format(Locale.ROOT, scaled < 9.95 ? "%.1f" : "%.0f", scaled);
        }
        else
        {
            digits = String.format(Locale.ROOT, scaled < 9.995 ? "%.2f" : scaled < 99.95 ? "%.1f" : "%.0f", scaled);
        }
        return digits + units[unit];
    }

    private static String pad(final String text, final int width)
    {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
