package io.wirestat.capture.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it: what a decompressor has taken of the compressed input, for progress as a share
 * of the compressed file's size. Not thread safe: one reading thread, which also reads {@link #count()}.
 */
final class CountingInputStream extends FilterInputStream
{
    private long count;

    /**
     * @param in the stream counted, owned (closed) by this one.
     */
    CountingInputStream(final InputStream in)
    {
        super(in);
    }

    /** @return bytes read through this stream so far. */
    long count()
    {
        return count;
    }

    @Override
    public int read() throws IOException
    {
        final int b = in.read();
        if (b >= 0)
        {
            count++;
        }
        return b;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) throws IOException
    {
        final int n = in.read(b, off, len);
        if (n > 0)
        {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(final long n) throws IOException
    {
        final long skipped = in.skip(n);
        count += Math.max(0, skipped);
        return skipped;
    }

    @Override
    public boolean markSupported()
    {
        // A reset would count bytes twice; the inflater never marks.
        return false;
    }
}
