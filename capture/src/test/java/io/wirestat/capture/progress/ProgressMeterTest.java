package io.wirestat.capture.progress;

import io.wirestat.capture.analysis.AnalysisProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meter's life: drawn at once when the report phase starts (when it shows at all), blanked by stop, silent when
 * off or before enough input was read, and stopped by the report's first byte when stdout shares its terminal.
 * Redraws on the meter's own thread are kept out of these checks by a long interval: they are timing, which the
 * end-to-end tests see.
 */
class ProgressMeterTest
{
    private static final long NEVER_REDRAW = TimeUnit.HOURS.toNanos(1);

    private final StringWriter err = new StringWriter();

    @Test
    void shouldDrawTheReportPhaseAtOnceAndBlankItOnStop()
    {
        final ProgressMeter meter = ProgressMeter.start(new PrintWriter(err), new AnalysisProgress(), 1000, 0,
            NEVER_REDRAW);
        meter.writingReport();
        final String drawn = new Screen().write(err.toString()).visibleLine();
        assertTrue(drawn.matches("writing report\\.\\.\\. +0 conns  0:\\d\\d elapsed"), drawn);
        meter.stop();
        meter.stop();
        assertEquals("", new Screen().write(err.toString()).all(), "blank: " + err);
        assertEquals(3, err.toString().chars().filter(c -> c == '\r').count(), "drawn once, blanked once: " + err);
        assertTrue(err.toString().endsWith("\r"), "cursor back at column 0");
        assertFalse(err.toString().contains("\n"), "never a new line");
    }

    @Test
    void shouldStaySilentWhenOff()
    {
        ProgressMeter.OFF.writingReport();
        ProgressMeter.OFF.stop();
        assertEquals("", err.toString());
    }

    @Test
    void shouldNotShowBeforeEnoughInputWasRead()
    {
        // Standard input: shown once 100 bytes were read; none were.
        final ProgressMeter meter = ProgressMeter.start(new PrintWriter(err), new AnalysisProgress(), -1, 100,
            NEVER_REDRAW);
        meter.writingReport();
        meter.stop();
        assertEquals("", err.toString(), "nothing drawn, nothing to blank");
    }

    @Test
    void shouldBlankTheLineBeforeTheReportsFirstCharacterOnASharedTerminal() throws IOException
    {
        final StringBuilder terminal = new StringBuilder();
        final Writer both = new Writer()
        {
            @Override
            public void write(final char[] chars, final int off, final int len)
            {
                terminal.append(chars, off, len);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final ProgressMeter meter = ProgressMeter.start(new PrintWriter(both), new AnalysisProgress(), 1000, 0,
            NEVER_REDRAW);
        meter.writingReport();
        final Writer out = meter.guard(both);
        out.write("Capture: a.pcap\n");
        out.write("more\n");
        meter.writingReport();
        final String shown = terminal.toString();
        final int report = shown.indexOf("Capture:");
        assertEquals("", new Screen().write(shown.substring(0, report)).visibleLine(), "blank before the report");
        assertTrue(shown.endsWith("Capture: a.pcap\nmore\n"), "and no line drawn after it: " + shown);
        assertEquals("Capture: a.pcap\nmore\n", new Screen().write(shown).all());
    }

    @Test
    void shouldBlankTheLineBeforeTheReportsFirstByteOnASharedTerminal() throws IOException
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ProgressMeter meter = ProgressMeter.start(new PrintWriter(err), new AnalysisProgress(), 1000, 0,
            NEVER_REDRAW);
        meter.writingReport();
        final String before = err.toString();
        try (OutputStream out = meter.guard(stdout))
        {
            out.write("{\"type\":".getBytes(StandardCharsets.UTF_8));
            assertTrue(err.toString().length() > before.length(), "blanked by the first write");
            assertEquals("", new Screen().write(err.toString()).visibleLine());
            out.write('1');
        }
        assertEquals("{\"type\":1", stdout.toString(StandardCharsets.UTF_8));
    }
}
