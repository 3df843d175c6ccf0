package io.wirestat.capture.cli;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import io.wirestat.capture.progress.TerminalStreams;

/**
 * Whether the process's standard output is a terminal, as {@code isatty(1)} tells (git, systemctl and less ask the
 * same before paging or colouring). The launcher tells it ({@code -Dwirestat.stdout.tty}, from {@code [ -t 1 ]}),
 * so a run through it loads no native code for the question (JNA's start-up, and on JDK 24 and later its warning
 * about restricted methods). Without it ({@code java -jar}) it is read through JNA from the C library; if that
 * cannot be called, the answer is {@link System#console()}'s (which also needs standard input to be a terminal).
 * Stateless; thread safe.
 */
final class Terminal
{
    private static final int STDOUT = 1;

    private Terminal()
    {
    }

    /** @return true if file descriptor 1 is a terminal. */
    static boolean stdoutIsTerminal()
    {
        final String told = System.getProperty(TerminalStreams.STDOUT_PROPERTY);
        if (told != null)
        {
            return Boolean.parseBoolean(told);
        }
        try
        {
            final Function isatty = NativeLibrary.getInstance("c").getFunction("isatty");
            return isatty.invokeInt(new Object[] {STDOUT}) == 1;
        }
        catch (final UnsatisfiedLinkError | RuntimeException ex)
        {
            return System.console() != null;
        }
    }
}
