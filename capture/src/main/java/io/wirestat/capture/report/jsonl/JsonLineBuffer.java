package io.wirestat.capture.report.jsonl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer that JSON lines are composed in, byte by byte: field names, ASCII strings, longs, booleans,
 * epoch-second timestamps and IPv4/IPv6 endpoints are written as UTF-8 without a String, a StringBuilder or a
 * BigDecimal per value. What it writes is exactly what jackson-core's generator writes for the same values (same
 * escapes, same number forms), so reports stay byte-identical. Not thread safe; one per writer.
 */
public final class JsonLineBuffer
{
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final long MIN_VALUE_DIGITS_SPLIT = 10;
    private static final int MICROS_DIGITS = 6;
    private static final long V4_MAPPED_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;
    private static final int IPV6_GROUPS = 8;

    private final int[] groups = new int[IPV6_GROUPS];
    private byte[] bytes;
    private int length;

    /**
     * @param initialCapacity bytes before the first growth.
     */
    public JsonLineBuffer(final int initialCapacity)
    {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** @return bytes held. */
    public int length()
    {
        return length;
    }

    /** Forgets what is held. */
    public void clear()
    {
        length = 0;
    }

    /**
     * @param out where the bytes go; the buffer is then empty.
     * @throws IOException if writing fails.
     */
    public void drainTo(final OutputStream out) throws IOException
    {
        out.write(bytes, 0, length);
        length = 0;
    }

    /**
     * For a character sink: every byte this buffer writes below 0x80 is one ASCII character; anything else is
     * decoded as the UTF-8 it is.
     *
     * @param out where the characters go; the buffer is then empty.
     * @throws IOException if writing fails.
     */
    public void drainTo(final Writer out) throws IOException
    {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++)
        {
            ascii = bytes[i] >= 0;
        }
        if (ascii)
        {
            final char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)bytes[i];
            }
            out.write(chars);
        }
        else
        {
            out.write(new String(bytes, 0, length, StandardCharsets.UTF_8));
        }
        length = 0;
    }

    /**
     * @param b an ASCII byte.
     * @return this.
     */
    public JsonLineBuffer raw(final int b)
    {
        ensure(1);
        bytes[length++] = (byte)b;
        return this;
    }

    /**
     * @param ascii pre-encoded bytes (a field name with its quotes and colon, a separator).
     * @return this.
     */
    public JsonLineBuffer raw(final byte[] ascii)
    {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
        return this;
    }

    /**
     * A JSON string, quoted and escaped as jackson-core escapes it: {@code \"}, {@code \\}, the short forms
     * {@code \b \t \n \f \r} and a six-character {@code 00XX} escape (backslash, u, upper-case hex) for other
     * control characters; other characters as UTF-8, except
     * surrogates, escaped one by one as jackson-core's UTF-8 generator does. (Reports pass ASCII here: state names,
     * histories.)
     *
     * @param text the string's value.
     * @return this.
     */
    public JsonLineBuffer string(final String text)
    {
        raw('"');
        final int n = text.length();
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c >= 0x80)
            {
                // Only the tail from the first non-ASCII character goes the slow way.
                stringTail(text, i);
                return raw('"');
            }
            escapeAscii(c);
        }
        return raw('"');
    }

    private void stringTail(final String text, final int from)
    {
        final int n = text.length();
        int i = from;
        while (i < n)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                escapeAscii(c);
                i++;
            }
            else
            {
                if (Character.isSurrogate(c))
                {
                    // jackson-core's UTF-8 generator escapes surrogates (astral characters) rather than combining
                    // them: two six-character escapes, upper-case hex.
                    raw('\\').raw('u').raw(HEX[(c >> 12) & 0xF]).raw(HEX[(c >> 8) & 0xF])
                        .raw(HEX[(c >> 4) & 0xF]).raw(HEX[c & 0xF]);
                }
                else
                {
                    raw(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
                i++;
            }
        }
    }

    private void escapeAscii(final char c)
    {
        if (c >= 0x20 && c != '"' && c != '\\')
        {
            raw(c);
            return;
        }
        raw('\\');
        switch (c)
        {
            case '"' -> raw('"');
            case '\\' -> raw('\\');
            case '\b' -> raw('b');
            case '\t' -> raw('t');
            case '\n' -> raw('n');
            case '\f' -> raw('f');
            case '\r' -> raw('r');
            default ->
            {
                raw('u').raw('0').raw('0');
                raw(HEX[(c >> 4) & 0xF]).raw(HEX[c & 0xF]);
            }
        }
    }

    /**
     * @param value written as {@link Long#toString(long)} writes it.
     * @return this.
     */
    public JsonLineBuffer number(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            // -9223372036854775808 has no positive counterpart: its two halves are written separately.
            number(value / MIN_VALUE_DIGITS_SPLIT);
            return raw('0' + (int)-(value % MIN_VALUE_DIGITS_SPLIT));
        }
        long v = value;
        if (v < 0)
        {
            raw('-');
            v = -v;
        }
        final int digits = digits(v);
        ensure(digits);
        int at = length + digits;
        // Two digits per division, and int arithmetic once the rest fits an int (most counts and every port).
        while (v > Integer.MAX_VALUE)
        {
            final int pair = (int)(v % 100);
            v /= 100;
            bytes[--at] = DIGIT_ONES[pair];
            bytes[--at] = DIGIT_TENS[pair];
        }
        int w = (int)v;
        while (w >= 100)
        {
            final int pair = w % 100;
            w /= 100;
            bytes[--at] = DIGIT_ONES[pair];
            bytes[--at] = DIGIT_TENS[pair];
        }
        if (w >= 10)
        {
            bytes[--at] = DIGIT_ONES[w];
            bytes[--at] = DIGIT_TENS[w];
        }
        else
        {
            bytes[--at] = (byte)('0' + w);
        }
        length += digits;
        return this;
    }

    /** The tens and ones digit of 0..99. */
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static
    {
        for (int i = 0; i < 100; i++)
        {
            DIGIT_TENS[i] = (byte)('0' + i / 10);
            DIGIT_ONES[i] = (byte)('0' + i % 10);
        }
    }

    /**
     * @param value written as {@code true} or {@code false}.
     * @return this.
     */
    public JsonLineBuffer bool(final boolean value)
    {
        return raw(value ? TRUE : FALSE);
    }

    /**
     * Epoch seconds with exactly six decimals, microseconds truncated toward negative infinity: what
     * {@code BigDecimal.valueOf(floorDiv(nanos, 1000), 6).toPlainString()} writes, e.g. {@code 1714564800.123456},
     * {@code 0.000001}, {@code -0.000001}.
     *
     * @param epochNanos packet time.
     * @return this.
     */
    public JsonLineBuffer epochSeconds(final long epochNanos)
    {
        final long micros = Math.floorDiv(epochNanos, 1_000L);
        // |micros| <= 2^63 / 1000: negating cannot overflow.
        final long abs = Math.abs(micros);
        if (micros < 0)
        {
            raw('-');
        }
        number(abs / 1_000_000L);
        raw('.');
        ensure(MICROS_DIGITS);
        long fraction = abs % 1_000_000L;
        for (int i = MICROS_DIGITS - 1; i >= 0; i--)
        {
            bytes[length + i] = (byte)('0' + (int)(fraction % 10));
            fraction /= 10;
        }
        length += MICROS_DIGITS;
        return this;
    }

    /**
     * An endpoint as a JSON string, as {@code io.wirestat.tracker.report.Endpoint#toString()} writes it:
     * {@code 10.0.0.1:443}, {@code [fd00::1]:443} (RFC 5952 compressed IPv6).
     *
     * @param hi   upper 64 bits of the address (IPv4 held IPv4-mapped).
     * @param lo   lower 64 bits.
     * @param port TCP port.
     * @return this.
     */
    public JsonLineBuffer endpoint(final long hi, final long lo, final int port)
    {
        raw('"');
        if (hi == 0 && (lo & V4_MAPPED_MASK) == V4_MAPPED_PREFIX)
        {
            // A loop, not four calls: number() is then compiled into this method once.
            for (int shift = 24; shift > 0; shift -= 8)
            {
                number((lo >>> shift) & 0xFF).raw('.');
            }
            number(lo & 0xFF);
        }
        else
        {
            raw('[');
            ipv6(hi, lo);
            raw(']');
        }
        raw(':').number(port);
        return raw('"');
    }

    private void ipv6(final long hi, final long lo)
    {
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (int)(hi >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int)(lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 §4.2, as Endpoint.formatAddress: the longest run (>= 2) of zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < IPV6_GROUPS; )
        {
            if (groups[i] == 0)
            {
                int j = i;
                while (j < IPV6_GROUPS && groups[j] == 0)
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
        boolean afterColon = true;
        for (int i = 0; i < IPV6_GROUPS; i++)
        {
            if (i == bestStart)
            {
                raw(':').raw(':');
                afterColon = true;
                i += bestLen - 1;
                continue;
            }
            if (!afterColon)
            {
                raw(':');
            }
            hex(groups[i]);
            afterColon = false;
        }
    }

    private void hex(final int group)
    {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            final int nibble = (group >>> shift) & 0xF;
            if (nibble != 0 || started || shift == 0)
            {
                raw(HEX_LOWER[nibble]);
                started = true;
            }
        }
    }

    private static int digits(final long positive)
    {
        long bound = 10;
        for (int d = 1; d < 19; d++)
        {
            if (positive < bound)
            {
                return d;
            }
            bound *= 10;
        }
        return 19;
    }

    private void ensure(final int more)
    {
        if (length + more > bytes.length)
        {
            final byte[] grown = new byte[Math.max(bytes.length * 2, length + more)];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
    }
}
