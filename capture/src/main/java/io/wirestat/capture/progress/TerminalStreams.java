package io.wirestat.capture.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process's stderr is a terminal, for the progress line. {@code System.console()} cannot tell: it
 * answers for stdin and stdout together, and says nothing of stderr. The launcher knows exactly ({@code [ -t 2 ]})
 * and passes it as {@code -Dwirestat.stderr.tty=true|false}; without it ({@code java -jar}), Linux's
 * {@code /proc/self/fd/2} names the file the descriptor is open on, a terminal being {@code /dev/pts/*} or
 * {@code /dev/tty*} (isatty(3)'s answer in practice, without loading native code for it). Elsewhere: not a terminal.
 * (Whether stdout is one is {@code cli.Terminal}'s question, asked only when the report goes to it.)
 * Thread safe (stateless).
 */
public final class TerminalStreams
{
    /** Set by the launcher from {@code [ -t 2 ]}. */
    public static final String STDERR_PROPERTY = "wirestat.stderr.tty";
    /** Set by the launcher from {@code [ -t 1 ]}: read by {@code cli.Terminal}. */
    public static final String STDOUT_PROPERTY = "wirestat.stdout.tty";

    private TerminalStreams()
    {
    }

    /** @return whether file descriptor 2 is a terminal. */
    public static boolean isStandardError()
    {
        final String told = System.getProperty(STDERR_PROPERTY);
        if (told != null)
        {
            return Boolean.parseBoolean(told);
        }
        return isTerminalDevice(Path.of("/proc/self/fd/2"));
    }

    /**
     * @param descriptor a {@code /proc/PID/fd/N} link.
     * @return whether it points at a terminal device (false when it cannot be read).
     */
    static boolean isTerminalDevice(final Path descriptor)
    {
        try
        {
            final String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }
}
