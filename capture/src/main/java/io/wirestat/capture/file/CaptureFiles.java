package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens capture files by content, not by name: pcap (either byte order, micro- or nanosecond), pcapng, and
 * either of them gzip-compressed.
 */
public final class CaptureFiles
{
    private CaptureFiles()
    {
    }

    /**
     * @param path file to open.
     * @return the open file.
     * @throws IOException if the file cannot be read or is not a capture file (the message says which, with the
     *                     magic number found).
     */
    public static CaptureFile open(final Path path) throws IOException
    {
        throw new IOException("not implemented yet: " + path);
    }
}
