package io.wirestat.capture.check;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static io.wirestat.capture.fuzz.FuzzBounds.allocatedBytes;
import static io.wirestat.capture.fuzz.FuzzBounds.assertAllocationWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the {@code wirestat check} expected-file parser, {@link ExpectedFile#parse(String, String)}, with any text
 * (the input's bytes as UTF-8, malformed sequences replaced, as {@link ExpectedFile#read} would see them).
 * <p>
 * Properties: the only exception is the documented {@link IllegalArgumentException}, and its message names the
 * source and the line ({@code source:N: ...}); a parsed file writes back ({@link ExpectedFile#format()}) to text
 * that parses to the same connections, alerts and options, and writing that again gives the same text; a file
 * has no differences from itself; a second parse gives the same; allocation stays proportional to the text.
 */
class ExpectedFileFuzzTest
{
    private static final String SOURCE = "fuzz.expected";
    private static final long FIXED_ALLOCATION = 64L << 10;
    /**
     * Per input byte. parse + format alone allocate about 20 bytes per input byte (5.3 KB for a 269-byte crafted
     * file, measured without Jazzer's agent); Jazzer's regex hooks, installed in both modes, add about 2.5 KB per
     * byte on this regex-heavy parser. The bound still catches anything super-linear.
     */
    private static final long ALLOCATION_PER_BYTE = 8192;

    static
    {
        // Class loading, the patterns' compilation and the JDK's regex setup happen once; they are not per input.
        ExpectedFile.parse(ExpectedFile.parse("#options -f 'tcp'\n10.0.0.1:1\t[::1]:2%3\tCLOSED\tCLOSED\t-\n" +
            "alert\tk\ts\tcount=1\n", SOURCE).format(), SOURCE).diff(new ExpectedFile(java.util.List.of()));
        try
        {
            ExpectedFile.parse("x", SOURCE);
        }
        catch (final IllegalArgumentException expected)
        {
            "warm".matches("(?s)" + SOURCE + ":\\d+: .+");
        }
    }

    @FuzzTest(maxDuration = "20s")
    void parsesAnyText(final byte[] input)
    {
        final String text = new String(input, StandardCharsets.UTF_8);
        final long before = allocatedBytes();
        final ExpectedFile parsed;
        try
        {
            parsed = ExpectedFile.parse(text, SOURCE);
        }
        catch (final IllegalArgumentException ex)
        {
            assertTrue(ex.getMessage() != null && ex.getMessage().matches("(?s)" + SOURCE + ":\\d+: .+"),
                "a refusal must name the source and line: " + ex.getMessage());
            assertRefusedAgain(text, ex.getMessage());
            return;
        }
        final String written = parsed.format();
        assertAllocationWithin("parse + format", allocatedBytes() - before, input.length, FIXED_ALLOCATION,
            ALLOCATION_PER_BYTE);

        final ExpectedFile reread = ExpectedFile.parse(written, SOURCE);
        assertEquals(parsed.entries(), reread.entries(), "connections change through format and parse:\n" + written);
        assertEquals(parsed.alerts(), reread.alerts(), "alerts change through format and parse:\n" + written);
        assertEquals(parsed.options(), reread.options(), "options change through format and parse:\n" + written);
        assertEquals(written, reread.format(), "format is not stable");
        assertEquals(0, parsed.diff(parsed).size(), "a file differs from itself: " + parsed.diff(parsed));
        assertEquals(0, parsed.diff(reread).size(), "a file differs from its rewrite: " + parsed.diff(reread));
        assertEquals(written, ExpectedFile.parse(text, SOURCE).format(), "a second parse differs");
    }

    private static void assertRefusedAgain(final String text, final String message)
    {
        try
        {
            ExpectedFile.parse(text, SOURCE);
        }
        catch (final IllegalArgumentException again)
        {
            assertEquals(message, again.getMessage(), "a second parse refuses differently");
            return;
        }
        throw new AssertionError("a second parse accepted what the first refused: " + message);
    }
}
