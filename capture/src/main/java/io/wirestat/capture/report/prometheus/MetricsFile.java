package io.wirestat.capture.report.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes an exposition to a file the way node_exporter's textfile collector wants it: to a temporary file in the
 * same directory, then renamed over the target in one step, so that a scrape never reads half a file. The temporary
 * name starts with a dot and does not end in {@code .prom}, so the collector never picks it up.
 * Stateless; thread safe (concurrent writers to one path: the last rename wins).
 */
public final class MetricsFile
{
    private static final Set<PosixFilePermission> READABLE_BY_ALL = PosixFilePermissions.fromString("rw-r--r--");

    private MetricsFile()
    {
    }

    /**
     * @param target     the file to (re)place, e.g. {@code /var/lib/node_exporter/textfile/wirestat.prom}.
     * @param exposition the text.
     * @throws IOException if the directory is not writable or the rename fails (the target is then untouched and
     *                     the temporary file removed).
     */
    public static void write(final Path target, final String exposition) throws IOException
    {
        final Path absolute = target.toAbsolutePath();
        final Path directory = absolute.getParent();
        if (!Files.isDirectory(directory))
        {
            // Said about the directory, not about the temporary file that could not be made in it.
            throw new NoSuchFileException(directory.toString());
        }
        final Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try
        {
            Files.writeString(temporary, exposition, StandardCharsets.UTF_8);
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class))
            {
                // createTempFile makes it 0600; node_exporter runs as another user and must read it.
                Files.setPosixFilePermissions(temporary, READABLE_BY_ALL);
            }
            try
            {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException(absolute + ": cannot rename a file into place atomically there ("
                    + ex.getMessage() + ")", ex);
            }
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }
}
