package io.wirestat.capture.cli;

import io.wirestat.tracker.report.Endpoint;
import picocli.CommandLine;

/**
 * An IP address or CIDR prefix ({@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code fd00::/16}, {@code [::1]}) matched
 * against report endpoints. IPv4 is held IPv4-mapped like {@link Endpoint}, so an IPv4 prefix of length n is a
 * 128-bit prefix of length 96 + n and matches IPv4 endpoints only. Immutable; thread safe.
 */
public final class AddressPrefix
{
    private static final int V4_MAPPED_PREFIX_BITS = 96;

    private final long hi;
    private final long lo;
    private final long maskHi;
    private final long maskLo;
    private final String text;

    private AddressPrefix(final long hi, final long lo, final int bits, final String text)
    {
        this.maskHi = bits >= 64 ? -1L : bits == 0 ? 0L : -1L << (64 - bits);
        this.maskLo = bits <= 64 ? 0L : bits == 128 ? -1L : -1L << (128 - bits);
        this.hi = hi & maskHi;
        this.lo = lo & maskLo;
        this.text = text;
    }

    /**
     * @param text an IPv4 or IPv6 literal, optionally with {@code /prefix-length}; no host names are resolved.
     * @return the prefix (a single address has the full length: /32 or /128).
     * @throws IllegalArgumentException if the text is not an address literal or the prefix length is out of range.
     */
    public static AddressPrefix parse(final String text)
    {
        final String trimmed = text.trim();
        final int slash = trimmed.indexOf('/');
        final String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        final Endpoint endpoint = Endpoint.parse(address, 0);
        final int maxBits = endpoint.isIpv4() ? 32 : 128;
        int bits = maxBits;
        if (slash >= 0)
        {
            final String length = trimmed.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > maxBits)
            {
                throw new IllegalArgumentException("invalid prefix length in '" + text + "' (expected: 0 to "
                    + maxBits + " for an IPv" + (endpoint.isIpv4() ? "4" : "6") + " address)");
            }
            bits = Integer.parseInt(length);
        }
        return new AddressPrefix(
            endpoint.hi(), endpoint.lo(), endpoint.isIpv4() ? V4_MAPPED_PREFIX_BITS + bits : bits, trimmed);
    }

    /**
     * @param endpoint to test.
     * @return true if the endpoint's address lies inside this prefix.
     */
    public boolean matches(final Endpoint endpoint)
    {
        return (endpoint.hi() & maskHi) == hi && (endpoint.lo() & maskLo) == lo;
    }

    @Override
    public String toString()
    {
        return text;
    }

    /** picocli converter for {@code --host}; a bad literal is a usage error. Stateless; thread safe. */
    public static final class Converter implements CommandLine.ITypeConverter<AddressPrefix>
    {
        @Override
        public AddressPrefix convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }
}
