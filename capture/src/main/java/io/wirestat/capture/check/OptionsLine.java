package io.wirestat.capture.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The quoting of an expected file's {@code #options} line: arguments separated by blanks, an argument holding a
 * blank or a quote put in {@code '...'} or {@code "..."}, as a shell reads it for the simple cases. Apart from
 * {@link ExpectedFile} because it is a small grammar of its own, read and written in two directions that must stay
 * each other's inverse, and has nothing to do with the connection and alert lines. Stateless; thread safe.
 */
final class OptionsLine
{
    private OptionsLine()
    {
    }

    /**
     * @param options arguments for an {@code #options} line.
     * @throws IllegalArgumentException if one cannot be written there: empty, holding a line end, or holding both
     *                                  quote characters (no quoting of {@link #join} would read back as it).
     */
    static void requireWritable(final List<String> options)
    {
        for (final String option : options)
        {
            if (option.isEmpty() || option.indexOf('\n') >= 0 || option.indexOf('\r') >= 0 ||
                option.indexOf('\'') >= 0 && option.indexOf('"') >= 0)
            {
                throw new IllegalArgumentException("option cannot be written on an #options line: '" + option + "'");
            }
        }
    }

    /**
     * Splits an options line as a shell would, for the simple cases: blanks separate, '...' and "..." quote.
     *
     * @param text  the line after {@code #options}.
     * @param where file and line, for the error message.
     * @return the arguments.
     * @throws IllegalArgumentException naming the place if a quote is not closed.
     */
    static List<String> split(final String text, final String where)
    {
        final List<String> args = new ArrayList<>();
        final StringBuilder arg = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (quote != 0)
            {
                if (c == quote)
                {
                    quote = 0;
                }
                else
                {
                    arg.append(c);
                }
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
                inArg = true;
            }
            else if (c == ' ' || c == '\t')
            {
                if (inArg)
                {
                    args.add(arg.toString());
                    arg.setLength(0);
                    inArg = false;
                }
            }
            else
            {
                arg.append(c);
                inArg = true;
            }
        }
        if (quote != 0)
        {
            throw new IllegalArgumentException(where + ": unterminated " + quote + " in " + ExpectedFile.OPTIONS +
                " line");
        }
        if (inArg)
        {
            args.add(arg.toString());
        }
        return List.copyOf(args);
    }

    /**
     * The inverse of {@link #split}: quotes an argument only when it needs it.
     *
     * @param args arguments that passed {@link #requireWritable}.
     * @return the line after {@code #options }.
     */
    static String join(final List<String> args)
    {
        final List<String> quoted = new ArrayList<>(args.size());
        for (final String arg : args)
        {
            final boolean plain = arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\'' || c == '"');
            quoted.add(plain ? arg : arg.indexOf('\'') >= 0 ? '"' + arg + '"' : "'" + arg + "'");
        }
        return String.join(" ", quoted);
    }
}
