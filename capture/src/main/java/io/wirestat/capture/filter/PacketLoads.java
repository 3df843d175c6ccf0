package io.wirestat.capture.filter;

import java.nio.ByteBuffer;

/**
 * Multi-byte packet loads for {@link BpfInterpreter}: BPF reads packet data in network byte order. They use the
 * buffer's own getters, which are fastest in BIG_ENDIAN order; a buffer in another order is read correctly too, by
 * swapping what the getter returns. Bounds are the caller's: it has checked the load against the captured length.
 * <p>
 * Static and small, so that they inline into the interpreter's loop; no allocation.
 * <p>
 * Threading: stateless; safe everywhere.
 */
final class PacketLoads
{
    private PacketLoads()
    {
    }

    /**
     * @param buffer holds the frame, indexed absolutely.
     * @param index  absolute index of the word's first byte.
     * @param swap   true when the buffer's order is not BIG_ENDIAN.
     * @return the 32-bit word at index, in network byte order.
     */
    static int word(final ByteBuffer buffer, final int index, final boolean swap)
    {
        final int value = buffer.getInt(index);
        return swap ? Integer.reverseBytes(value) : value;
    }

    /**
     * @param buffer holds the frame, indexed absolutely.
     * @param index  absolute index of the half word's first byte.
     * @param swap   true when the buffer's order is not BIG_ENDIAN.
     * @return the 16-bit half word at index, in network byte order, zero-extended.
     */
    static int halfWord(final ByteBuffer buffer, final int index, final boolean swap)
    {
        final short value = buffer.getShort(index);
        return (swap ? Short.reverseBytes(value) : value) & 0xFFFF;
    }
}
