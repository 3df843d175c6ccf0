package io.wirestat.capture.report.prometheus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The text format's rules: HELP and TYPE before the samples, escaping, plain numbers, and what it refuses.
 */
class PrometheusTextWriterTest
{
    @Test
    void shouldWriteHelpTypeAndEscapedSamples()
    {
        final String text = new PrometheusTextWriter()
            .family("x_total", "counter", "a \\ help\nline")
            .sample(3, "where", "a\"b\\c\nd")
            .family("y", "gauge", "y")
            .sample(1.795422070323287E9)
            .sample(0.25, "l", "v")
            .sample(Double.NaN)
            .text();
        assertEquals("# HELP x_total a \\\\ help\\nline\n# TYPE x_total counter\n"
            + "x_total{where=\"a\\\"b\\\\c\\nd\"} 3\n"
            + "# HELP y y\n# TYPE y gauge\ny 1795422070.323287\ny{l=\"v\"} 0.25\ny NaN\n", text);
    }

    @Test
    void shouldRefuseWhatTheFormatForbids()
    {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusTextWriter().family("x", "counter", "h"));
        assertThrows(IllegalArgumentException.class, () -> new PrometheusTextWriter().family("1x", "gauge", "h"));
        assertThrows(IllegalArgumentException.class, () -> new PrometheusTextWriter().family("x", "summary", "h"));
        assertThrows(IllegalStateException.class,
            () -> new PrometheusTextWriter().family("x", "gauge", "h").family("x", "gauge", "h"));
        assertThrows(IllegalStateException.class, () -> new PrometheusTextWriter().sample(1));
        assertThrows(IllegalArgumentException.class,
            () -> new PrometheusTextWriter().family("x", "gauge", "h").sample(1, "__name", "v"));
        assertThrows(IllegalArgumentException.class,
            () -> new PrometheusTextWriter().family("x_total", "counter", "h").sample(-1));
    }
}
