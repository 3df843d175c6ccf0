package io.wirestat.capture.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A {@link ByteSource} over an {@link InputStream} (standard input, a pipe, a file another process is still writing,
 * or a decompressor), read into one reused heap window. When a record would cross the window's end, the unread tail
 * is moved to the front and the rest is refilled with what the stream has; a record larger than the window grows it
 * once, straight to the largest record the format declares ({@link #limitRecordLength}), so a lying length is the
 * parser's fault to report, never an {@link OutOfMemoryError}, and growth never repeats.
 * <p>
 * {@link #fill} returns as soon as the bytes asked for are there: with a pipe fed as packets come ({@code tcpdump -U}),
 * a record is delivered when its last byte arrives, not when the window is full. A failing stream is not thrown: the
 * window ends where the good data ends and {@link #failure()} says why, so the parser reports a fault with every
 * earlier frame delivered.
 * <p>
 * Not thread safe: one reading thread.
 */
class StreamByteSource extends ByteSource
{
    /** Initial window size: large enough to amortise refills, small enough to stay in cache-friendly territory. */
    static final int DEFAULT_WINDOW_SIZE = 1 << 20;

    private InputStream in;
    private byte[] array;
    private boolean greedy;

    /**
     * @param in         the stream, owned (closed) by this source from now on.
     * @param windowSize initial window size in bytes.
     */
    StreamByteSource(final InputStream in, final int windowSize)
    {
        this(in, windowSize, null, 0);
    }

    /**
     * @param in           the rest of the stream, owned (closed) by this source from now on.
     * @param windowSize   initial window size in bytes (grown to hold the prefix if smaller).
     * @param prefix       bytes already taken from the stream (by whoever sniffed its format), which come first;
     *                     copied. Null for none.
     * @param prefixLength how many of them.
     */
    StreamByteSource(final InputStream in, final int windowSize, final byte[] prefix, final int prefixLength)
    {
        this.in = in;
        this.array = new byte[Math.max(windowSize, prefixLength)];
        this.buffer = ByteBuffer.wrap(array);
        if (prefixLength > 0)
        {
            System.arraycopy(prefix, 0, array, 0, prefixLength);
        }
        this.end = prefixLength;
    }

    /**
     * Makes {@link #fill} read on until the window is full, not only until the bytes asked for are there: for a
     * decompressor, which always has more at once, so refills stay one per window as before streams shared this
     * class. Never for a pipe, where it would wait for a window's worth of packets.
     */
    final void readWholeWindows()
    {
        greedy = true;
    }

    @Override
    final boolean fill(final long offset, final int length)
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
        if (length > array.length)
        {
            grow(length, limit);
        }
        while ((limit < length || (greedy && limit < array.length)) && !eof)
        {
            limit += read(limit, array.length - limit);
        }
        end = base + limit;
        return limit >= length;
    }

    @Override
    void rewind() throws IOException
    {
        throw new IOException("a stream is read once and cannot be read again");
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    /**
     * Starts over on a new stream (a reopened file), keeping the window's array.
     *
     * @param stream the new stream; the old one must be closed by the caller.
     */
    final void restart(final InputStream stream)
    {
        in = stream;
        base = 0;
        end = 0;
        clearEnd();
    }

    /** @return the stream being read. */
    final InputStream stream()
    {
        return in;
    }

    private void grow(final int length, final int keep)
    {
        final byte[] grown = new byte[grownWindowLength(length)];
        System.arraycopy(array, 0, grown, 0, keep);
        array = grown;
        buffer = ByteBuffer.wrap(array);
    }

    /** One read of what the stream has (at least a byte, unless it ends): a pipe is never waited on beyond need. */
    private int read(final int at, final int max)
    {
        try
        {
            return readResult(in.read(array, at, max));
        }
        catch (final IOException ex)
        {
            // EOFException for a cut gzip stream, ZipException for corrupt data, a pipe's read error: all end the
            // good data here.
            return readFailed(ex);
        }
    }
}
