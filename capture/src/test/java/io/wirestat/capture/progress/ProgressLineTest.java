package io.wirestat.capture.progress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress line's text: percent, sizes, rates, counts, elapsed and ETA, fixed-width fields, the 80-column bound,
 * and rewriting in place without leaving anything of a longer line behind.
 */
class ProgressLineTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long GIB = 1L << 30;

    @Test
    void shouldShowPercentSizesRateConnectionsElapsedAndEta()
    {
        // A quarter of 4 GiB in 3 s: 9 s to go at the same rate; 9.36 M frames in 3 s is 3.12 M/s.
        assertEquals(" 25%   1.0G of 4.0G  3.12M pkt/s   412k conns  0:03 elapsed  ETA 0:09",
            ProgressLine.reading(GIB, 4 * GIB, 9_360_000, 412_345, 3 * SECOND));
    }

    @Test
    void shouldShowBytesAndPacketsWithoutPercentOrEtaWhenTheSizeIsUnknown()
    {
        final String line = ProgressLine.reading(1288490188L, -1, 10_500_000, 1_500, 3 * SECOND);
        assertEquals(" 1.2G read  10.5M pkts  3.50M pkt/s  1.50k conns  0:03 elapsed", line);
        assertFalse(line.contains("%"), line);
        assertFalse(line.contains("ETA"), line);
    }

    @Test
    void shouldShowTheReportPhase()
    {
        assertEquals("writing report...   520k conns  1:05 elapsed", ProgressLine.writingReport(520_000, 65 * SECOND));
    }

    @Test
    void shouldComputePercentAndEta()
    {
        assertEquals(0, ProgressLine.percent(0, 1000));
        assertEquals(99, ProgressLine.percent(999, 1000));
        assertEquals(100, ProgressLine.percent(1000, 1000));
        assertEquals(100, ProgressLine.percent(2000, 1000), "a file that grew while read");
        assertEquals(100, ProgressLine.percent(0, 0), "an empty file is read at once");
        assertEquals("--:--", ProgressLine.eta(0, 1000, 5 * SECOND), "nothing read yet: no rate");
        assertEquals("0:00", ProgressLine.eta(1000, 1000, 5 * SECOND));
        assertEquals("1:00:00", ProgressLine.eta(1, 2, 3600 * SECOND));
        // Terabytes over hours: the product would overflow a long.
        assertEquals("2:00:00", ProgressLine.eta(1L << 40, 3L << 40, 3600 * SECOND));
        assertEquals(0, ProgressLine.rate(100, 0));
        assertEquals(50, ProgressLine.rate(100, 2 * SECOND));
    }

    @Test
    void shouldFormatSizesAsLsDoes()
    {
        assertEquals("0B", ProgressLine.size(0));
        assertEquals("1023B", ProgressLine.size(1023));
        assertEquals("1.0K", ProgressLine.size(1024));
        assertEquals("9.9K", ProgressLine.size(10_188));
        assertEquals("10K", ProgressLine.size(10_240));
        assertEquals("990M", ProgressLine.size(1_038_580_870));
        assertEquals("1.0M", ProgressLine.size(1_048_200), "1023.6K rounds up to the next unit, not to 1024K");
        assertEquals("1023K", ProgressLine.size(1_048_000), "1023.4K");
        assertEquals("3.9G", ProgressLine.size(4_187_000_000L));
        assertEquals("2.0T", ProgressLine.size(2L << 40));
    }

    @Test
    void shouldFormatCountsWithThreeDigits()
    {
        assertEquals("0", ProgressLine.count(0));
        assertEquals("950", ProgressLine.count(950));
        assertEquals("1.00k", ProgressLine.count(1000));
        assertEquals("41.2k", ProgressLine.count(41_234));
        assertEquals("412k", ProgressLine.count(412_345));
        assertEquals("999k", ProgressLine.count(999_499));
        assertEquals("1.00M", ProgressLine.count(999_600), "999.6k rounds up to the next unit");
        assertEquals("3.12M", ProgressLine.count(3_123_456));
        assertEquals("12.3G", ProgressLine.count(12_300_000_000L));
    }

    @Test
    void shouldFormatDurations()
    {
        assertEquals("0:00", ProgressLine.duration(0));
        assertEquals("0:00", ProgressLine.duration(-5), "a clock that went back is not negative time");
        assertEquals("0:59", ProgressLine.duration(59 * SECOND + SECOND / 2));
        assertEquals("12:34", ProgressLine.duration((12 * 60 + 34) * SECOND));
        assertEquals("1:00:00", ProgressLine.duration(3600 * SECOND));
        assertEquals("25:01:02", ProgressLine.duration((25 * 3600 + 62) * SECOND));
    }

    @Test
    void shouldKeepFieldsAtFixedWidthsAndWithinEightyColumns()
    {
        // Small and large figures put every field in the same columns: no jitter (only the times widen, at an hour).
        final String small = ProgressLine.reading(5, 4 * GIB, 9, 1, 3 * SECOND);
        final String large = ProgressLine.reading(3 * GIB, 4 * GIB, 9_000_000_000L, 9_990_000, 3 * SECOND);
        for (final String field : new String[] {"%", " of ", "pkt/s", "conns", "elapsed", "ETA"})
        {
            assertEquals(small.indexOf(field), large.indexOf(field), field + ":\n" + small + "\n" + large);
        }
        final String stream = ProgressLine.reading(5, -1, 9, 1, 3 * SECOND);
        final String bigStream = ProgressLine.reading(3 * GIB, -1, 9_000_000_000L, 9_990_000, 3 * SECOND);
        assertEquals(stream.length(), bigStream.length(), stream + "\n" + bigStream);
        // The widest: a 1023G input at 99 %, hours elapsed and to go, millions everywhere.
        final String widest = ProgressLine.reading(1022 * GIB, 1023 * GIB, 999_000_000_000L, 999_000_000,
            10 * 3600 * SECOND);
        assertTrue(widest.length() < 80, widest.length() + ": " + widest);
        assertTrue(ProgressLine.reading(1022 * GIB, -1, 999_000_000_000L, 999_000_000, 10 * 3600 * SECOND)
            .length() < 80);
    }

    @Test
    void shouldLeaveNothingOfALongerLineWhenTheLineShrinks()
    {
        final String longer = ProgressLine.reading(3 * GIB, 4 * GIB, 9_000_000, 412_000, 3600 * SECOND);
        final String shorter = ProgressLine.writingReport(520_000, 3601 * SECOND);
        assertTrue(shorter.length() < longer.length());
        final Screen screen = new Screen().write(ProgressLine.overwrite(longer, 0));
        assertEquals(longer, screen.visibleLine());
        screen.write(ProgressLine.overwrite(shorter, longer.length()));
        assertEquals(shorter, screen.visibleLine(), "no trailing garbage");
        assertFalse(ProgressLine.overwrite(shorter, longer.length()).contains("\n"), "rewritten in place");

        screen.write(ProgressLine.clear(shorter.length()));
        assertEquals("", screen.visibleLine(), "cleared");
        assertEquals(0, screen.column(), "what follows starts at column 0");
    }
}
