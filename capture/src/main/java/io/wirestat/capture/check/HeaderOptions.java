package io.wirestat.capture.check;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.cli.DurationConverter;

import java.util.List;

/**
 * Applies the {@code #options} line of an expected file: the pipeline settings a capture needs to give its expected
 * results, whatever the command line says. Understood: {@code --time-wait DURATION} and {@code -f/--filter EXPR}
 * (also as {@code --opt=value}), with the meaning they have on the command line. They override the command line's
 * settings for that capture only. Stateless; thread safe.
 */
public final class HeaderOptions
{
    private HeaderOptions()
    {
    }

    /**
     * @param args    the options line's arguments.
     * @param options settings to override.
     * @throws IllegalArgumentException naming the option, if one is unknown, lacks its value or has a bad value.
     */
    public static void apply(final List<String> args, final AnalysisOptions options)
    {
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            final int eq = arg.indexOf('=');
            final String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            final String value;
            if (name.length() < arg.length())
            {
                value = arg.substring(eq + 1);
            }
            else if (i + 1 < args.size())
            {
                value = args.get(++i);
            }
            else
            {
                throw new IllegalArgumentException(
                    "option '" + name + "' in " + ExpectedFile.OPTIONS + " line needs a value");
            }
            switch (name)
            {
                case "--time-wait":
                    options.tracker.timeWaitNanos(DurationConverter.parse(value).toNanos());
                    break;
                case "-f":
                case "--filter":
                    options.filter = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + name + "' in " + ExpectedFile.OPTIONS +
                        " line (known: --time-wait DURATION, -f/--filter EXPR)");
            }
        }
    }
}
