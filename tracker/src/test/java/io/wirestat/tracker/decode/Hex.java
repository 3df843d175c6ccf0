package io.wirestat.tracker.decode;

import java.io.ByteArrayOutputStream;

/**
 * Test helper: builds byte arrays from hex text so frames can be written out by hand, header by header, in network
 * order. Whitespace is ignored. Stateless.
 */
final class Hex
{
    private Hex()
    {
    }

    /**
     * @param parts hex strings such as {@code "45 00 00 28"}, concatenated in order.
     * @return the bytes.
     */
    static byte[] bytes(final String... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final String part : parts)
        {
            final String digits = part.replaceAll("\\s+", "");
            if ((digits.length() & 1) != 0)
            {
                throw new IllegalArgumentException("odd number of hex digits: '" + part + "'");
            }
            for (int i = 0; i < digits.length(); i += 2)
            {
                out.write(Integer.parseInt(digits.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    /**
     * @param arrays byte arrays.
     * @return their concatenation.
     */
    static byte[] concat(final byte[]... arrays)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] a : arrays)
        {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    /**
     * @param n how many zero bytes.
     * @return a zero-filled array (payload and padding).
     */
    static byte[] zeros(final int n)
    {
        return new byte[n];
    }
}
