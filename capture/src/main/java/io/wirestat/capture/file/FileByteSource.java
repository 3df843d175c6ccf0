package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An uncompressed capture file, read with positional {@code read(2)} calls straight into one reused direct window,
 * as libpcap and tcpdump read. When a record would cross the window's end, the unread tail moves to the front and
 * the rest of the window is read from the file; a record larger than the window grows it once, straight to the
 * largest record the format declares ({@link #limitRecordLength}). A read error ends the good data there, with
 * {@link #failure()} saying why, so the parser reports a fault with every earlier frame delivered.
 * <p>
 * Why not memory-mapped, as the reader first was: mapping a file's pages into the process costs a page fault per 64
 * KB of it, dear on a virtual machine (0.4 s a gigabyte here, measured), while {@code read} copies from the page
 * cache into a window that stays mapped and in cache (bench/RESULTS.md, "Speed, 2026-12-04 (03:30Z)"). The window is
 * direct so the kernel copies into it once: a heap window costs the JDK a second copy through a buffer of its own.
 * <p>
 * Not thread safe: one reading thread.
 */
final class FileByteSource extends ByteSource
{
    /** Window size: one read a megabyte. */
    static final int DEFAULT_WINDOW_SIZE = 1 << 20;

    private final FileChannel channel;

    /**
     * @param path       an uncompressed capture file (or any readable file: the parsers check its content).
     * @param windowSize initial window size in bytes.
     * @throws IOException if the file cannot be opened, or is a directory.
     */
    FileByteSource(final Path path, final int windowSize) throws IOException
    {
        if (Files.isDirectory(path))
        {
            // Linux opens a directory for reading; its first read would fail, with a less direct message.
            throw new java.nio.file.FileSystemException(null, null, "Is a directory");
        }
        channel = FileChannel.open(path, StandardOpenOption.READ);
        buffer = ByteBuffer.allocateDirect(Math.max(1, windowSize));
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
        int kept = 0;
        if (offset < end)
        {
            // The unread tail moves to the front of the window (compact, on the window itself: no buffer object).
            kept = (int)(end - offset);
            buffer.limit((int)(end - base)).position((int)(offset - base));
            buffer.compact();
        }
        // The parsers read the window absolutely, up to its limit: it stays at the capacity between fills.
        buffer.clear();
        base = offset;
        if (length > buffer.capacity())
        {
            grow(length, kept);
        }
        int limit = kept;
        while (limit < buffer.capacity() && !eof)
        {
            limit += read(limit);
        }
        buffer.position(0);
        end = base + limit;
        return limit >= length;
    }

    @Override
    String failureLabel()
    {
        return "file";
    }

    @Override
    void rewind()
    {
        base = 0;
        end = 0;
        clearEnd();
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }

    private void grow(final int length, final int keep)
    {
        final ByteBuffer grown = ByteBuffer.allocateDirect(grownWindowLength(length));
        buffer.limit(keep).position(0);
        grown.put(buffer);
        grown.clear();
        buffer = grown;
    }

    /** One positional read into the window from index {@code at}: @return bytes read (0 at the end or on error). */
    private int read(final int at)
    {
        buffer.position(at);
        try
        {
            return readResult(channel.read(buffer, base + at));
        }
        catch (final IOException ex)
        {
            return readFailed(ex);
        }
    }
}
