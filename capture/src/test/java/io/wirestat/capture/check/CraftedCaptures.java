package io.wirestat.capture.check;

import io.wirestat.capture.support.Prerequisites;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Test helper: copies the project's crafted captures (replay-fixtures/captures/crafted, found by walking up from
 * the working directory) into a test's own directory, so checks run on real captures without writing beside the
 * committed ones. Skips the test when the directory is not there. Stateless; thread safe.
 */
public final class CraftedCaptures
{
    private static final String DIRECTORY = "replay-fixtures/captures/crafted";

    private CraftedCaptures()
    {
    }

    /** @return the crafted fixture directory; the calling test is skipped if there is none. */
    public static Path directory()
    {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null)
        {
            if (Files.isDirectory(dir.resolve(DIRECTORY)))
            {
                return dir.resolve(DIRECTORY);
            }
            dir = dir.getParent();
        }
        Prerequisites.require(false, "no " + DIRECTORY + " above " + Paths.get("").toAbsolutePath());
        throw new AssertionError("unreachable");
    }

    /**
     * @param to           directory to copy into.
     * @param name         fixture name, e.g. {@code refused}.
     * @param withExpected also copy {@code name.expected}.
     * @return the copied capture, {@code to/name.pcap}.
     */
    public static Path copy(final Path to, final String name, final boolean withExpected)
    {
        try
        {
            final Path from = directory();
            if (withExpected)
            {
                Files.copy(from.resolve(name + ".expected"), to.resolve(name + ".expected"));
            }
            return Files.copy(from.resolve(name + ".pcap"), to.resolve(name + ".pcap"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
