package io.wirestat.capture.live;

import io.wirestat.capture.cli.WirestatCli;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap a bounded tracker needs: the formula's figures, the launcher's copy of its constants, and a
 * {@code --max-connections} that cannot fit refused with the figures (exit 2) rather than an OutOfMemoryError later.
 */
class HeapBudgetTest
{
    @Test
    void shouldSizeByTableSlotsTimesThePerConnectionCost()
    {
        // 100 000 connections: 131 072 slots x (128 B x 2 + 64 B for the report pass) + 256 MiB.
        assertEquals((256L << 20) + 131_072L * (128 * 2 + 64), HeapBudget.requiredBytes(100_000, 1));
        assertEquals(HeapBudget.requiredBytes(131_072, 1), HeapBudget.requiredBytes(100_000, 1));
        assertEquals(2 * (HeapBudget.requiredBytes(1 << 20, 1) - (256L << 20)) + (256L << 20),
            HeapBudget.requiredBytes(1 << 20, 2), "per shard");
        assertNull(HeapBudget.check(100_000, 1, 1L << 30));
        final int fitting = HeapBudget.fittingMaxConnections(1, 1L << 30);
        assertTrue(HeapBudget.requiredBytes(fitting, 1) <= 1L << 30, "what fits, fits: " + fitting);
        assertTrue(HeapBudget.requiredBytes(fitting * 2, 1) > 1L << 30, "and no more: " + fitting);
    }

    @Test
    void shouldShareItsConstantsWithTheLauncher() throws Exception
    {
        final Path launcher = Paths.get("..", "wirestat");
        final String script = Files.readString(launcher, StandardCharsets.UTF_8);
        assertEquals(HeapBudget.BYTES_PER_CONNECTION, constant(script, "BYTES_PER_CONNECTION"));
        assertEquals(HeapBudget.HEADROOM, constant(script, "HEADROOM"));
        assertEquals(HeapBudget.REPORT_BYTES_PER_CONNECTION, constant(script, "REPORT_BYTES_PER_CONNECTION"));
        assertEquals(HeapBudget.BASE_BYTES >> 20, constant(script, "BASE_MIB"));
        assertEquals(io.wirestat.tracker.TrackerConfig.MAX_CONNECTIONS_DEFAULT,
            constant(script, "MAX_CONNECTIONS_DEFAULT"));
    }

    @Test
    void shouldRefuseATableThatCannotFitWithTheFigures()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = WirestatCli.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), "live", "-i", "lo", "--max-connections",
            "1000000000", "--shards", "4");
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, text);
        assertTrue(text.contains("--max-connections 1000000000 with 4 shard(s) needs about"), text);
        assertTrue(text.contains("lower --max-connections (at most "), text);
        assertFalse(text.contains("OutOfMemoryError"), text);
    }

    private static long constant(final String script, final String name)
    {
        final Matcher m = Pattern.compile("(?m)^" + name + "=(\\d+)$").matcher(script);
        assertTrue(m.find(), name + " in ./wirestat");
        return Long.parseLong(m.group(1));
    }
}
