package io.wirestat.capture.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A {@link ByteSource} that decompresses a gzip file as it is read, into one reused heap window. When a record would
 * cross the window's end, the unread tail is moved to the front and the rest is refilled; a record larger than the
 * window grows it by doubling as its bytes arrive (never past what the stream holds, whatever length a header
 * claims). Concatenated gzip members are read as one stream.
 * <p>
 * A damaged or truncated gzip stream is not thrown: the window ends where the good data ends and
 * {@link #failure()} says why, so the parser reports a fault with every earlier frame delivered.
 * <p>
 * Not thread safe: one reading thread.
 */
final class GzipByteSource extends ByteSource
{
    /** Initial window size: large enough to amortise refills, small enough to stay in cache-friendly territory. */
    static final int DEFAULT_WINDOW_SIZE = 1 << 20;

    /** Size of the compressed-input buffer of the inflating stream (allocated once per open or rewind). */
    static final int INFLATE_BUFFER_SIZE = 1 << 16;

    private final Path path;
    private final int initialWindowSize;
    private InputStream in;
    private byte[] array;
    private boolean eof;
    private IOException failure;

    /**
     * @param path       gzip file.
     * @param windowSize initial window size in bytes.
     * @throws IOException if the file cannot be opened or does not start with a valid gzip header.
     */
    GzipByteSource(final Path path, final int windowSize) throws IOException
    {
        this.path = path;
        this.initialWindowSize = windowSize;
        open();
    }

    @Override
    boolean fill(final long offset, final int length)
    {
        if (offset >= base && offset + length <= end)
        {
            return true;
        }
        if (offset < base)
        {
            throw new IllegalStateException("offset " + offset + " already discarded (window starts at " + base + ")");
        }
        int limit;
        if (offset >= end)
        {
            // Nothing in the window is wanted; discard up to offset (a skipped block may end beyond the window).
            base = end;
            while (base < offset && !eof)
            {
                base += read(0, (int)Math.min(array.length, offset - base));
            }
            if (base < offset)
            {
                end = base;
                return false;
            }
            limit = 0;
        }
        else
        {
            final int drop = (int)(offset - base);
            limit = (int)(end - offset);
            System.arraycopy(array, drop, array, 0, limit);
            base = offset;
        }
        while (limit < length && !eof)
        {
            if (limit == array.length)
            {
                grow(limit, length);
            }
            limit += read(limit, array.length - limit);
        }
        end = base + limit;
        return limit >= length;
    }

    /**
     * Doubles the window (at most to {@code length}) once the bytes already read fill it. Growing only as data
     * arrives, not to the length a header claims, keeps a forged length (a 2 GiB record in a 200-byte file) from
     * allocating more than the stream holds; doubling means a run of slightly larger records does not regrow each
     * time.
     */
    private void grow(final int limit, final int length)
    {
        final int size = (int)Math.min(length, Math.max(2L * array.length, 1));
        final byte[] grown = new byte[size];
        System.arraycopy(array, 0, grown, 0, limit);
        array = grown;
        buffer = ByteBuffer.wrap(array);
    }

    @Override
    IOException failure()
    {
        return failure;
    }

    @Override
    void rewind() throws IOException
    {
        in.close();
        open();
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    private void open() throws IOException
    {
        final InputStream file = Files.newInputStream(path);
        try
        {
            in = new GZIPInputStream(file, INFLATE_BUFFER_SIZE);
        }
        catch (final IOException | RuntimeException ex)
        {
            file.close();
            throw ex;
        }
        if (array == null)
        {
            array = new byte[initialWindowSize];
            buffer = ByteBuffer.wrap(array);
        }
        base = 0;
        end = 0;
        eof = false;
        failure = null;
    }

    private int read(final int at, final int max)
    {
        int total = 0;
        try
        {
            while (total < max)
            {
                final int n = in.read(array, at + total, max - total);
                if (n < 0)
                {
                    eof = true;
                    break;
                }
                total += n;
            }
        }
        catch (final IOException ex)
        {
            // EOFException for a cut stream, ZipException for corrupt data: both end the good data here.
            eof = true;
            failure = ex;
        }
        return total;
    }
}
