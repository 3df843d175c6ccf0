package io.wirestat.tracker.report;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address and port in report form (cold path). IPv4 is held IPv4-mapped in the two longs, like
 * {@link io.wirestat.tracker.decode.TcpSegment}.
 *
 * @param hi   upper 64 bits of the address.
 * @param lo   lower 64 bits of the address.
 * @param port TCP port.
 */
public record Endpoint(long hi, long lo, int port)
{
    private static final long V4_MAPPED_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    /** @return true for an IPv4(-mapped) address. */
    public boolean isIpv4()
    {
        return hi == 0 && (lo & V4_MAPPED_MASK) == V4_MAPPED_PREFIX;
    }

    /** @return the address alone, e.g. {@code 10.0.0.1} or {@code fd00::1} (RFC 5952 compressed form). */
    public String address()
    {
        return formatAddress(hi, lo);
    }

    /**
     * Written out because the detectors compare endpoints per record: a record's generated equals goes through
     * a method-handle chain that was a quarter of the detectors' time.
     */
    @Override
    public boolean equals(final Object other)
    {
        return other instanceof Endpoint e && e.hi == hi && e.lo == lo && e.port == port;
    }

    /** The generated record hash's own combination (31 · h + component, in order), written out like equals. */
    @Override
    public int hashCode()
    {
        return (Long.hashCode(hi) * 31 + Long.hashCode(lo)) * 31 + port;
    }

    /** @return {@code ip:port}, with IPv6 in brackets as ss writes it: {@code [fd00::1]:443}. */
    @Override
    public String toString()
    {
        return isIpv4() ? address() + ":" + port : "[" + address() + "]:" + port;
    }

    /**
     * Formats a 128-bit address held as two longs.
     *
     * @param hi upper 64 bits.
     * @param lo lower 64 bits.
     * @return dotted quad for IPv4-mapped, RFC 5952 text otherwise.
     */
    public static String formatAddress(final long hi, final long lo)
    {
        if (hi == 0 && (lo & V4_MAPPED_MASK) == V4_MAPPED_PREFIX)
        {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        final int[] groups = new int[8];
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (int)(hi >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int)(lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 §4.2: compress the longest run (>= 2) of zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; )
        {
            if (groups[i] == 0)
            {
                int j = i;
                while (j < 8 && groups[j] == 0)
                {
                    j++;
                }
                if (j - i > bestLen)
                {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            }
            else
            {
                i++;
            }
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /**
     * Parses {@code 10.0.0.1}, {@code fd00::1}: the inverse of {@link #address()} (cold path: filters, tests).
     *
     * @param text address literal (no host names are resolved).
     * @param port port to attach.
     * @return the endpoint.
     * @throws IllegalArgumentException if the text is not an IP literal.
     */
    public static Endpoint parse(final String text, final int port)
    {
        final String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!t.matches("[0-9a-fA-F:.]+") || !(t.contains(".") || t.contains(":")))
        {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        try
        {
            final byte[] b = InetAddress.getByName(t).getAddress();
            if (b.length == 4)
            {
                final long v4 = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
                return new Endpoint(0, V4_MAPPED_PREFIX | v4, port);
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++)
            {
                hi = (hi << 8) | (b[i] & 0xFF);
                lo = (lo << 8) | (b[i + 8] & 0xFF);
            }
            return new Endpoint(hi, lo, port);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'", ex);
        }
    }
}
