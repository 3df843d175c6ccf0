package io.wirestat.capture.cli;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Whether the process's standard output is a terminal, as {@code isatty(1)} tells (git, systemctl and less ask the
 * same before paging or colouring). Read through JNA from the C library; if it cannot be called, the answer is
 * {@link System#console()}'s (which also needs standard input to be a terminal). Stateless; thread safe.
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
