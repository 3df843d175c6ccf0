package io.wirestat.capture.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationConverterTest
{
    @ParameterizedTest
    @CsvSource({
        "60s, 60000000000", "2m, 120000000000", "500ms, 500000000", "1.5s, 1500000000", "250us, 250000",
        "250µs, 250000", "10ns, 10", "1h, 3600000000000", "30, 30000000000", "0s, 0", "' 90S ', 90000000000",
        "0.0005ms, 500"
    })
    void shouldParseDurationsWithUnits(final String text, final long nanos)
    {
        assertEquals(Duration.ofNanos(nanos), DurationConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-1s", "5x", "1.s", "1e3s", "60 seconds", "10000000000h"})
    void shouldRejectMalformedDurations(final String text)
    {
        assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse(text));
    }

    @Test
    void shouldReportBadDurationsAsTypeConversionErrors()
    {
        final CommandLine.TypeConversionException ex = assertThrows(
            CommandLine.TypeConversionException.class, () -> new DurationConverter().convert("5x"));
        assertTrue(ex.getMessage().contains("'5x'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("60s"), ex.getMessage());
    }

    @Test
    void shouldFormatTheShortestExactForm()
    {
        assertEquals("60s", DurationConverter.format(Duration.ofSeconds(60)));
        assertEquals("500ms", DurationConverter.format(Duration.ofMillis(500)));
        assertEquals("250us", DurationConverter.format(Duration.ofNanos(250_000)));
        assertEquals("7ns", DurationConverter.format(Duration.ofNanos(7)));
        final Duration oneAndAHalf = Duration.ofMillis(1500);
        assertEquals(oneAndAHalf, DurationConverter.parse(DurationConverter.format(oneAndAHalf)));
    }
}
