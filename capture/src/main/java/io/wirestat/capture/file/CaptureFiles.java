package io.wirestat.capture.file;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;

/**
 * Opens capture files by content, not by name: pcap (either byte order, micro- or nanosecond), pcapng, and
 * either of them gzip-compressed.
 * <p>
 * Uncompressed files are read into one reused window ({@link FileByteSource}); gzip files are decompressed as they
 * are read. Streams (standard input, given as {@code -} as tcpdump and tshark take it, a pipe, a file still being
 * written) are read through one reused window with the same record parsers. Thread safe (stateless); each returned
 * {@link CaptureFile} is for one thread.
 */
public final class CaptureFiles
{
    /** The file name that means standard input, as in {@code tcpdump -r -}. */
    public static final String STANDARD_INPUT = "-";

    private static final int GZIP_MAGIC = 0x1F8B;
    private static final int PCAP_MICROS = 0xA1B2C3D4;
    private static final int PCAP_NANOS = 0xA1B23C4D;

    private CaptureFiles()
    {
    }

    /**
     * @param path file to open.
     * @return the open file.
     * @throws IOException if the file cannot be read or is not a capture file (the message says which, with the
     *                     magic number found). A {@link CaptureFormatException} means the file was read but is not
     *                     a capture this package understands.
     */
    public static CaptureFile open(final Path path) throws IOException
    {
        if (isStandardInput(path))
        {
            return open(standardInput(), STANDARD_INPUT);
        }
        return open(path, FileByteSource.DEFAULT_WINDOW_SIZE, GzipByteSource.DEFAULT_WINDOW_SIZE);
    }

    /**
     * @param path a file name as given on the command line.
     * @return whether it names standard input ({@code -}; {@code ./-} is a file).
     */
    public static boolean isStandardInput(final Path path)
    {
        return STANDARD_INPUT.equals(path.toString());
    }

    /**
     * The process's standard input as a stream that a reader blocked in it can be woken from: its
     * {@link java.nio.channels.FileChannel} (closing it, or interrupting the reading thread, ends a blocked read),
     * unbuffered, so records go straight from the pipe into the reader's window.
     *
     * @return standard input; closing it closes file descriptor 0.
     */
    public static InputStream standardInput()
    {
        return Channels.newInputStream(new FileInputStream(FileDescriptor.in).getChannel());
    }

    /**
     * Opens a capture stream read once from its start to its end: pcap or pcapng, gzip-compressed or not, told apart
     * by the first bytes as for files. Only the header is read now (blocking until it arrives).
     *
     * @param in   the stream, owned (closed) by the returned file from now on (or closed here on failure).
     * @param name what to call it in messages ({@code -} for standard input).
     * @return the open capture.
     * @throws IOException as {@link #open(Path)}: a {@link CaptureFormatException} when the stream is not a capture.
     */
    public static CaptureFile open(final InputStream in, final String name) throws IOException
    {
        return open(in, name, StreamByteSource.DEFAULT_WINDOW_SIZE);
    }

    /**
     * As {@link #open(InputStream, String)} with an explicit initial window, so tests can make records cross it.
     *
     * @param in     the stream.
     * @param name   name for messages.
     * @param window initial window size.
     * @return the open capture.
     * @throws IOException as {@link #open(InputStream, String)}.
     */
    static CaptureFile open(final InputStream in, final String name, final int window) throws IOException
    {
        ByteSource source = null;
        try
        {
            final StreamByteSource raw = new StreamByteSource(in, window);
            source = raw;
            final boolean gzip = raw.fill(0, 2) && (raw.buffer.getShort(0) & 0xFFFF) == GZIP_MAGIC;
            if (gzip)
            {
                // The sniffed bytes (a whole first read) go back in front of the rest of the stream, compressed.
                final InputStream whole = new SequenceInputStream(
                    new ByteArrayInputStream(raw.buffer.array(), 0, (int)raw.end), in);
                source = null;
                source = new GzipByteSource(whole, window);
            }
            final CaptureFile file = detect(source, name, gzip);
            source = null;
            return file;
        }
        catch (final CaptureFormatException ex)
        {
            throw ex;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IOException("cannot read capture stream " + name + ": " + ex.getMessage(), ex);
        }
        finally
        {
            // Null when the file owns the stream now, or when a failed gzip open already closed it.
            if (source != null)
            {
                source.close();
            }
        }
    }

    /**
     * As {@link #open(Path)} with explicit window sizes, so tests can make small files cross window boundaries.
     *
     * @param path       file to open.
     * @param fileWindow initial size of an uncompressed file's read window.
     * @param gzipWindow initial size of the decompression window.
     * @return the open file.
     * @throws IOException as {@link #open(Path)}.
     */
    static CaptureFile open(final Path path, final int fileWindow, final int gzipWindow) throws IOException
    {
        ByteSource source = null;
        try
        {
            final FileByteSource file = new FileByteSource(path, fileWindow);
            source = file;
            final boolean gzip = file.fill(0, 2) && (file.buffer.getShort(0) & 0xFFFF) == GZIP_MAGIC;
            if (gzip)
            {
                source = null;
                file.close();
                source = new GzipByteSource(path, gzipWindow);
            }
            final CaptureFile capture = detect(source, path.toString(), gzip);
            source = null;
            return capture;
        }
        catch (final CaptureFormatException ex)
        {
            throw ex;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IOException("cannot read capture file " + path + ": " + reason(ex), ex);
        }
        finally
        {
            if (source != null)
            {
                source.close();
            }
        }
    }

    private static CaptureFile detect(final ByteSource source, final String name, final boolean gzip)
        throws CaptureFormatException
    {
        if (!source.fill(0, 4))
        {
            throw new CaptureFormatException(name + ": too short for a pcap header: " + source.remaining(0) +
                " bytes (expected: " + PcapFile.FILE_HEADER_LENGTH + ")" + source.failureNote());
        }
        final int magic = source.buffer.getInt(0);
        if (magic == PCAP_MICROS || magic == PCAP_NANOS)
        {
            return PcapFile.open(source, name, false, magic == PCAP_NANOS, gzip);
        }
        if (magic == Integer.reverseBytes(PCAP_MICROS) || magic == Integer.reverseBytes(PCAP_NANOS))
        {
            return PcapFile.open(source, name, true, magic == Integer.reverseBytes(PCAP_NANOS), gzip);
        }
        if (magic == PcapngFile.SHB)
        {
            return PcapngFile.open(source, name, gzip);
        }
        throw new CaptureFormatException(name + ": not a pcap or pcapng file: magic 0x" +
            String.format("%08x", magic) + (gzip ? " (after gzip decompression)" : ""));
    }

    /** The JDK's file exceptions carry only the path; say what is wrong with it, as cat(1) does. */
    private static String reason(final Exception ex)
    {
        if (ex instanceof java.nio.file.NoSuchFileException)
        {
            return "No such file or directory";
        }
        if (ex instanceof java.nio.file.AccessDeniedException)
        {
            return "Permission denied";
        }
        if (ex instanceof java.nio.file.FileSystemException && ex.getMessage() != null)
        {
            return ex.getMessage();
        }
        return ex.toString();
    }
}
