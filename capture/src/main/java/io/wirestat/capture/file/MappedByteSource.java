package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A {@link ByteSource} over a file mapped read-only into memory. Files up to the window size are mapped once; larger
 * ones (a {@link java.nio.MappedByteBuffer} indexes with an {@code int}, so at most 2 GiB) are mapped in windows that
 * are moved forward to the start of the record that would cross the current window's end.
 * <p>
 * Not thread safe: one reading thread.
 */
final class MappedByteSource extends ByteSource
{
    /** Window size for files too large to map whole: large enough that remapping is rare, well below 2 GiB. */
    static final long DEFAULT_WINDOW_SIZE = 1L << 30;

    private final FileChannel channel;
    private final long fileSize;
    private final long windowSize;

    /**
     * @param channel    open channel, owned (closed) by this source from now on.
     * @param windowSize largest region mapped at once; at most {@link Integer#MAX_VALUE}.
     * @throws IOException if the file cannot be mapped.
     */
    MappedByteSource(final FileChannel channel, final long windowSize) throws IOException
    {
        if (windowSize <= 0 || windowSize > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("window size " + windowSize + " (expected: 1.." +
                Integer.MAX_VALUE + ")");
        }
        this.channel = channel;
        this.fileSize = channel.size();
        this.windowSize = windowSize;
        map(0, 0);
    }

    /** @return size of the file in bytes. */
    long fileSize()
    {
        return fileSize;
    }

    @Override
    boolean fill(final long offset, final int length)
    {
        if (offset + length > fileSize)
        {
            // Past the end of the file whatever the window: show what is left from offset, for the fault message.
            if (offset < base || offset > end || end < fileSize)
            {
                remapQuietly(Math.min(offset, fileSize), 0);
            }
            return false;
        }
        if (offset >= base && offset + length <= end)
        {
            return true;
        }
        return remapQuietly(offset, length) && offset + length <= end;
    }

    @Override
    IOException failure()
    {
        return null;
    }

    @Override
    void rewind() throws IOException
    {
        if (base != 0 || end != Math.min(fileSize, windowSize))
        {
            map(0, 0);
        }
    }

    @Override
    public void close() throws IOException
    {
        // The mapping itself is released when the buffer is collected; the JDK offers no public unmap.
        channel.close();
    }

    private boolean remapQuietly(final long offset, final int minimumSize)
    {
        try
        {
            map(offset, minimumSize);
            return true;
        }
        catch (final IOException ex)
        {
            // Mapping an already open, already mapped file fails only if the file vanished under us; the caller sees
            // a short window and reports a truncated record at this offset.
            end = base;
            return false;
        }
    }

    private void map(final long offset, final int minimumSize) throws IOException
    {
        // A record larger than the window (only with test-sized windows) gets a window of its own size.
        final long size = Math.min(Math.max(windowSize, minimumSize), fileSize - offset);
        buffer = channel.map(FileChannel.MapMode.READ_ONLY, offset, size).order(ByteOrder.BIG_ENDIAN);
        base = offset;
        end = offset + size;
    }
}
