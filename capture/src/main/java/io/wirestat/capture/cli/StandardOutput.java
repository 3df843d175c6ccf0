package io.wirestat.capture.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The process's standard output as a {@link PrintStream} that remembers why a write failed. A PrintStream swallows
 * its stream's IOException and keeps only that one happened ({@link PrintStream#checkError()}); the cause decides
 * what the user is told: a reader that went away (EPIPE, {@code wirestat analyze ... | head}) is the ordinary end of a
 * pipeline, a full disk or a lost mount is a report cut short that must not pass as success. Thread safe.
 */
final class StandardOutput extends FilterOutputStream
{
    private static volatile StandardOutput installed;
    private volatile IOException failure;

    private StandardOutput(final OutputStream out)
    {
        super(out);
    }

    /**
     * Replaces {@code System.out} with a stream over file descriptor 1 that remembers its first write failure
     * (buffered as the JVM's own; the charset the JVM gave stdout).
     */
    static void install()
    {
        final String encoding = System.getProperty("stdout.encoding"); // JDK 19+; otherwise the default, as 17 does
        final Charset charset = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) :
            Charset.defaultCharset();
        final StandardOutput stdout = new StandardOutput(new FileOutputStream(FileDescriptor.out));
        installed = stdout;
        System.setOut(new PrintStream(new BufferedOutputStream(stdout, 8192), false, charset));
    }

    /**
     * @param out the stream a command wrote to.
     * @return why writing the process's standard output failed, when {@code out} is it and it failed; else null.
     */
    static IOException failureOf(final PrintStream out)
    {
        final StandardOutput stdout = installed;
        return out == System.out && stdout != null ? stdout.failure : null;
    }

    /** @return true for the error a write gets when the pipe's reader has gone (EPIPE). */
    static boolean isBrokenPipe(final IOException failure)
    {
        return failure != null && failure.getMessage() != null && failure.getMessage().contains("Broken pipe");
    }

    @Override
    public void write(final int b) throws IOException
    {
        try
        {
            out.write(b);
        }
        catch (final IOException e)
        {
            remember(e);
            throw e;
        }
    }

    @Override
    public void write(final byte[] b, final int off, final int len) throws IOException
    {
        try
        {
            out.write(b, off, len);
        }
        catch (final IOException e)
        {
            remember(e);
            throw e;
        }
    }

    @Override
    public void flush() throws IOException
    {
        try
        {
            out.flush();
        }
        catch (final IOException e)
        {
            remember(e);
            throw e;
        }
    }

    private void remember(final IOException e)
    {
        if (failure == null)
        {
            failure = e;
        }
    }
}
