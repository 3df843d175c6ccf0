package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens capture files by content, not by name: pcap (either byte order, micro- or nanosecond), pcapng, and
 * either of them gzip-compressed.
 * <p>
 * Uncompressed files are memory-mapped; gzip files are decompressed as they are read. Thread safe (stateless); each
 * returned {@link CaptureFile} is for one thread.
 */
public final class CaptureFiles
{
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
        return open(path, MappedByteSource.DEFAULT_WINDOW_SIZE, GzipByteSource.DEFAULT_WINDOW_SIZE);
    }

    /**
     * As {@link #open(Path)} with explicit window sizes, so tests can make small files cross window boundaries.
     *
     * @param path           file to open.
     * @param mappedWindow   largest region of an uncompressed file mapped at once.
     * @param gzipWindow     initial size of the decompression window.
     * @return the open file.
     * @throws IOException as {@link #open(Path)}.
     */
    static CaptureFile open(final Path path, final long mappedWindow, final int gzipWindow) throws IOException
    {
        ByteSource source = null;
        try
        {
            final MappedByteSource mapped = new MappedByteSource(FileChannel.open(path, StandardOpenOption.READ),
                mappedWindow);
            source = mapped;
            final boolean gzip = mapped.fill(0, 2) && (mapped.buffer.getShort(0) & 0xFFFF) == GZIP_MAGIC;
            if (gzip)
            {
                source = null;
                mapped.close();
                source = new GzipByteSource(path, gzipWindow);
            }
            final CaptureFile file = detect(source, path.toString(), gzip);
            source = null;
            return file;
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
