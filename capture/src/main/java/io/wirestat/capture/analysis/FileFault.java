package io.wirestat.capture.analysis;

import io.wirestat.capture.file.CaptureFault;

import java.nio.file.Path;

/**
 * A fault met while reading one of the analysed files.
 *
 * @param file  the file.
 * @param fault where and why reading stopped.
 */
public record FileFault(Path file, CaptureFault fault)
{
    @Override
    public String toString()
    {
        return file + ": " + fault;
    }
}
