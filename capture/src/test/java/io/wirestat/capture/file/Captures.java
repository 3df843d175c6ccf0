package io.wirestat.capture.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test helpers: write bytes to a file, read it back whole.
 */
final class Captures
{
    private Captures()
    {
    }

    /** Everything one read of a file produced. */
    record Read(String format, ReadResult result, List<RecordedFrame> frames)
    {
    }

    static Path write(final Path dir, final String name, final byte[] bytes)
    {
        try
        {
            return Files.write(dir.resolve(name), bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static Read read(final Path path) throws IOException
    {
        return read(path, FileByteSource.DEFAULT_WINDOW_SIZE, GzipByteSource.DEFAULT_WINDOW_SIZE);
    }

    static Read read(final Path path, final int fileWindow, final int gzipWindow) throws IOException
    {
        try (CaptureFile file = CaptureFiles.open(path, fileWindow, gzipWindow))
        {
            final RecordedFrame.Recorder recorder = new RecordedFrame.Recorder();
            final ReadResult result = file.readAll(recorder);
            if (!recorder.allBigEndian)
            {
                throw new AssertionError("a frame was handed out in a little-endian buffer");
            }
            if (result.frames() != recorder.frames.size())
            {
                throw new AssertionError("result says " + result.frames() + " frames, handler saw " +
                    recorder.frames.size());
            }
            return new Read(file.format(), result, recorder.frames);
        }
    }
}
