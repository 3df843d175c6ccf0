package io.wirestat.capture.cli;

import picocli.CommandLine;

/**
 * Converts a positive power of two ({@code --shards}, {@code --ring-size}); anything else is a usage error whose
 * message gives the value found. Stateless; thread safe.
 */
public final class PowerOfTwoConverter implements CommandLine.ITypeConverter<Integer>
{
    @Override
    public Integer convert(final String value)
    {
        final int parsed;
        try
        {
            parsed = Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException("not a number: '" + value + "' (expected: a power of 2)");
        }
        if (parsed < 1 || Integer.bitCount(parsed) != 1)
        {
            throw new CommandLine.TypeConversionException("must be a power of 2, got: " + parsed);
        }
        return parsed;
    }
}
