package io.wirestat.capture.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A {@link StreamByteSource} that decompresses gzip as it is read: a gzip file (which can be read again from its
 * start), or a gzip stream such as standard input (read once). Concatenated gzip members are read as one stream.
 * A damaged or truncated gzip stream ends the good data with {@link #failure()} saying why, as for any stream.
 * <p>
 * Not thread safe: one reading thread.
 */
final class GzipByteSource extends StreamByteSource
{
    /** Initial window size, as for every stream. */
    static final int DEFAULT_WINDOW_SIZE = StreamByteSource.DEFAULT_WINDOW_SIZE;

    /** Size of the compressed-input buffer of the inflating stream (allocated once per open or rewind). */
    static final int INFLATE_BUFFER_SIZE = 1 << 16;

    private final Path path;
    /** The compressed input under the inflater, counted for progress; replaced on rewind. */
    private CountingInputStream compressed;

    /**
     * @param path       gzip file.
     * @param windowSize initial window size in bytes.
     * @throws IOException if the file cannot be opened or does not start with a valid gzip header.
     */
    GzipByteSource(final Path path, final int windowSize) throws IOException
    {
        this(path, new CountingInputStream(Files.newInputStream(path)), windowSize);
    }

    private GzipByteSource(final Path path, final CountingInputStream compressed, final int windowSize)
        throws IOException
    {
        super(inflating(compressed), windowSize);
        this.path = path;
        this.compressed = compressed;
        readWholeWindows();
    }

    /**
     * @param compressed gzip stream, owned (closed) by this source from now on.
     * @param windowSize initial window size in bytes.
     * @throws IOException if the stream does not start with a valid gzip header (it is closed then).
     */
    GzipByteSource(final InputStream compressed, final int windowSize) throws IOException
    {
        this(null, new CountingInputStream(compressed), windowSize);
    }

    /** Progress in gzip input is in compressed bytes: those the inflater has taken, whatever it decompressed. */
    @Override
    long consumed(final long position)
    {
        return compressed.count();
    }

    @Override
    String failureLabel()
    {
        return "gzip stream";
    }

    @Override
    void rewind() throws IOException
    {
        if (path == null)
        {
            super.rewind();
        }
        stream().close();
        compressed = new CountingInputStream(Files.newInputStream(path));
        restart(inflating(compressed));
    }

    private static InputStream inflating(final InputStream compressed) throws IOException
    {
        try
        {
            return new GZIPInputStream(compressed, INFLATE_BUFFER_SIZE);
        }
        catch (final IOException | RuntimeException ex)
        {
            compressed.close();
            throw ex;
        }
    }
}
