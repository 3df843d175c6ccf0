package io.wirestat.capture.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An uncompressed capture file, read with {@code read(2)} into one reused window (a {@link StreamByteSource} that can
 * go back to its start by reopening the file), as libpcap and tcpdump read.
 * <p>
 * Why not memory-mapped, as the reader first was: mapping a file's pages into the process costs a page fault per 64
 * KB of it, dear on a virtual machine (0.4 s a gigabyte here, measured), while {@code read} copies from the page
 * cache into a window that stays mapped and in cache. {@code large.pcap --format jsonl}, the same process otherwise:
 * 0.87x the mapped reader's wall time, paired x8 (bench/RESULTS.md), 16 k page faults fewer.
 * <p>
 * Not thread safe: one reading thread.
 */
final class FileByteSource extends StreamByteSource
{
    /** Window size: one read a megabyte, the window and the JDK's bounce buffer both cache-resident. */
    static final int DEFAULT_WINDOW_SIZE = StreamByteSource.DEFAULT_WINDOW_SIZE;

    private final Path path;

    /**
     * @param path       an uncompressed capture file (or any readable file: the parsers check its content).
     * @param windowSize initial window size in bytes.
     * @throws IOException if the file cannot be opened.
     */
    FileByteSource(final Path path, final int windowSize) throws IOException
    {
        super(open(path), windowSize);
        this.path = path;
        readWholeWindows();
    }

    @Override
    String failureLabel()
    {
        return "file";
    }

    @Override
    void rewind() throws IOException
    {
        stream().close();
        restart(open(path));
    }

    private static InputStream open(final Path path) throws IOException
    {
        return Channels.newInputStream(FileChannel.open(path, StandardOpenOption.READ));
    }
}
