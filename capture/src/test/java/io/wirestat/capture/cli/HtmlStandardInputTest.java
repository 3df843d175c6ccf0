package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.OfflineAnalyzer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --html} of a capture read from standard input: no second pass for the samples, and the page says why. */
final class HtmlStandardInputTest
{
    private static final Path DEMO = Path.of("..", "replay-fixtures", "captures", "kernel", "demo.pcap");

    @Test
    void shouldSayWhyThereAreNoTimelinesFromStandardInput() throws Exception
    {
        final Path page = Files.createTempFile("wirestat-stdin-", ".html");
        try
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int code = WirestatCli.run(new ByteArrayInputStream(Files.readAllBytes(DEMO)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                OfflineAnalyzer::analyze, "analyze", "--alerts-only", "--html",
                page.toString(), "-");
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            final String html = Files.readString(page);
            assertTrue(html.contains("which cannot be read a second time"), "no note about standard input");
            assertTrue(html.contains("\"label\":\"198.18.0.1:43974 -> 198.18.0.2:7000\"}"), "a sample with data");
        }
        finally
        {
            Files.deleteIfExists(page);
        }
    }

}
