package io.wirestat.capture.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Out of memory is not a stack trace: an explicit {@code --max-connections} that cannot fit is refused by
 * {@code analyze} before reading (as by {@code live}), and an OutOfMemoryError that escapes anyway ends the command
 * with one line giving the heap's figures and what to do, exit 3.
 */
class OutOfMemoryExitTest
{
    @Test
    void shouldRefuseATableThatCannotFitBeforeAnalyzing()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = WirestatCli.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), options -> { throw new AssertionError("analyzed"); },
            "analyze", "any.pcap", "--max-connections", "1000000000", "--shards", "4");
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, text);
        assertTrue(text.startsWith("wirestat: --max-connections 1000000000 with 4 shard(s) needs about "), text);
        assertTrue(text.contains("lower --max-connections (at most "), text);
    }

    @Test
    void shouldSayOutOfMemoryWithTheFiguresAndNoStackTrace()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = WirestatCli.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            options -> { throw new OutOfMemoryError("Java heap space"); },
            // 256 MiB + 4096 slots x 128 B x 2 = 257 MiB.
            "analyze", "any.pcap", "--max-connections", "4096");
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(3, exit, text);
        final long heapMib = Runtime.getRuntime().maxMemory() >> 20;
        assertEquals("wirestat: out of memory (Java heap space): this JVM may use " + heapMib + " MiB of heap; "
            + "--max-connections 4096 with 1 shard(s) needs about 257 MiB. Lower --max-connections, or give Java more "
            + "heap (./wirestat sizes -Xmx from --max-connections; WIRESTAT_HEAP=8g sets it; with java -jar, pass "
            + "-Xmx)", text.strip());
        assertFalse(text.contains("\tat "), text);
    }
}
