package io.wirestat.capture.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * What an {@link IOException} tells the user on stderr. Apart because {@code analyze} says it both for the capture
 * files it reads and for the files it writes beside the report ({@link AnalyzeSideFiles}). Stateless; thread safe.
 */
final class IoMessages
{
    private IoMessages()
    {
    }

    /**
     * The JDK's messages for the common cases are the bare path; say what is wrong with it, as cat(1) does.
     *
     * @param ex the failure.
     * @return e.g. {@code /tmp/x: No such file or directory}.
     */
    static String describe(final IOException ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return ((NoSuchFileException)ex).getFile() + ": No such file or directory";
        }
        if (ex instanceof AccessDeniedException)
        {
            return ((AccessDeniedException)ex).getFile() + ": Permission denied";
        }
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }
}
