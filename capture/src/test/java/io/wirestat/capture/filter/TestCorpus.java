package io.wirestat.capture.filter;

import io.wirestat.capture.support.Prerequisites;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

/**
 * Finds the shared pcap corpus by walking up from the working directory (CI clones the repository with
 * {@code ../shared} beside it) and prepares its captures for libpcap, which cannot read gzip.
 */
final class TestCorpus
{
    private TestCorpus()
    {
    }

    /**
     * @return the corpus root; the calling test is skipped with a message when there is none.
     */
    static Path root()
    {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null)
        {
            final Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate))
            {
                return candidate;
            }
            dir = dir.getParent();
        }
        Prerequisites.require(false, "shared/corpus not found beside or above " + Paths.get("").toAbsolutePath() +
            ": corpus tests skipped");
        return null;
    }

    /**
     * @param relative path under the corpus root.
     * @param scratch  directory for decompressed copies.
     * @return a path libpcap can open: the file itself, or a decompressed copy of a .gz.
     */
    static Path readable(final String relative, final Path scratch) throws IOException
    {
        final Path file = root().resolve(relative);
        Prerequisites.require(Files.isRegularFile(file), "corpus file missing: " + file);
        if (!relative.endsWith(".gz"))
        {
            return file;
        }
        final String name = file.getFileName().toString();
        final Path copy = scratch.resolve(name.substring(0, name.length() - 3));
        if (!Files.exists(copy))
        {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                OutputStream out = Files.newOutputStream(copy))
            {
                in.transferTo(out);
            }
        }
        return copy;
    }
}
