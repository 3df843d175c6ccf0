package io.wirestat.capture.file;

import java.io.IOException;

/**
 * A file that could be read but is not a capture file this package understands: unknown magic number, too short for
 * a file header, or a header libpcap would also refuse (unsupported version, reserved bits set). The message names
 * the file and says what was found and what was expected.
 */
public final class CaptureFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, naming the file.
     */
    public CaptureFormatException(final String message)
    {
        super(message);
    }
}
