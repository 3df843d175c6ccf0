package io.wirestat.bench.gen;

import java.nio.file.Path;

/**
 * Reads a generator's command line one option at a time ({@link CommonOptions#read}): an option's value, and the
 * messages for a missing value or an unknown option, worded alike for both commands. Not thread safe.
 */
final class OptionReader
{
    private final String[] args;
    private int next;
    private String option;

    OptionReader(final String[] args)
    {
        this.args = args;
    }

    /** @return whether an option is left to read. */
    boolean hasNext()
    {
        return next < args.length;
    }

    /** @return the next option, as typed. */
    String nextOption()
    {
        option = args[next++];
        return option;
    }

    /**
     * @return the argument after the option just read.
     * @throws IllegalArgumentException if there is none.
     */
    String value()
    {
        if (next >= args.length)
        {
            throw new IllegalArgumentException("option '" + option + "' needs a value");
        }
        return args[next++];
    }

    /** @return the option's value as a path. */
    Path pathValue()
    {
        return Path.of(value());
    }

    /** @throws NumberFormatException (an IllegalArgumentException) if the value is not a number. */
    long longValue()
    {
        return Long.parseLong(value());
    }

    /** @throws NumberFormatException (an IllegalArgumentException) if the value is not a number. */
    int intValue()
    {
        return Integer.parseInt(value());
    }

    /** @throws NumberFormatException (an IllegalArgumentException) if the value is not a number. */
    double doubleValue()
    {
        return Double.parseDouble(value());
    }

    /** @return the error for an option the command does not know: the option just read. */
    IllegalArgumentException unknownOption()
    {
        return new IllegalArgumentException("unknown option '" + option + "'");
    }
}
