package io.wirestat.capture.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * The pager the human report goes through on a terminal, as git, systemctl and journalctl do: {@code
 * $WIRESTAT_PAGER}, else {@code $PAGER} (run by {@code sh -c}, so it may carry options), else {@code less -FRSX}
 * (quit if one screen, keep colours, chop long lines instead of wrapping, do not clear the screen). An empty value
 * or {@code cat} means no pager. The pager inherits the terminal (its stdout and stderr are ours); the report is
 * written to its stdin. If the default {@code less} is not installed, the report is written directly. Not thread
 * safe; one per command.
 */
final class Pager implements AutoCloseable
{
    /** The pager when neither variable is set. */
    static final List<String> DEFAULT = List.of("less", "-FRSX");

    private final Process process;
    private final PrintWriter writer;

    private Pager(final Process process)
    {
        this.process = process;
        this.writer = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), Charset.defaultCharset()));
    }

    /**
     * @param env the environment ({@code System.getenv()} outside tests).
     * @return the started pager, or null when none is wanted or the default one cannot be started.
     */
    static Pager start(final Map<String, String> env)
    {
        final String chosen = env.containsKey("WIRESTAT_PAGER") ? env.get("WIRESTAT_PAGER") : env.get("PAGER");
        final List<String> command;
        if (chosen == null)
        {
            command = DEFAULT;
        }
        else if (chosen.isBlank() || "cat".equals(chosen.trim()))
        {
            return null;
        }
        else
        {
            command = List.of("sh", "-c", chosen);
        }
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (chosen == null && !builder.environment().containsKey("LESS"))
        {
            // As git does: the flags also hold when less is found through $PATH under another name's options.
            builder.environment().put("LESS", "FRSX");
        }
        try
        {
            return new Pager(builder.start());
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /** @return where to write the report. */
    PrintWriter writer()
    {
        return writer;
    }

    /**
     * Ends the input and waits for the user to quit the pager (a pager quit early just stops reading: what is still
     * written is dropped, as with git).
     */
    @Override
    public void close()
    {
        writer.flush();
        writer.close();
        try
        {
            process.waitFor();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
