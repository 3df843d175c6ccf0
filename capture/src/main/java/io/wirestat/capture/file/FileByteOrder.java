package io.wirestat.capture.file;

/**
 * Reads header fields written in a capture file's own byte order out of the big-endian window: the window stays
 * big-endian for the frame decoder, and fields of little-endian files are byte-swapped after the load (a single
 * {@code bswap} instruction once intrinsified). Stateless, thread safe.
 */
final class FileByteOrder
{
    private FileByteOrder()
    {
    }

    /**
     * @param value   32 bits as loaded big-endian.
     * @param swapped whether the file is little-endian.
     * @return the value in the file's byte order.
     */
    static int swap(final int value, final boolean swapped)
    {
        return swapped ? Integer.reverseBytes(value) : value;
    }

    /**
     * @param value   16 bits as loaded big-endian.
     * @param swapped whether the file is little-endian.
     * @return the value in the file's byte order.
     */
    static short swap(final short value, final boolean swapped)
    {
        return swapped ? Short.reverseBytes(value) : value;
    }

    /**
     * @param value   64 bits as loaded big-endian.
     * @param swapped whether the file is little-endian.
     * @return the value in the file's byte order.
     */
    static long swap(final long value, final boolean swapped)
    {
        return swapped ? Long.reverseBytes(value) : value;
    }
}
