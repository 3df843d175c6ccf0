package io.wirestat.capture.live;

import java.io.IOException;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * The {@code -w} copy of a live capture, and what becomes of it when the file cannot be written any more (disk
 * full): the file keeps its whole records, a valid pcap, and every packet not in it is counted
 * ({@code write_errors}); tracking goes on with a one-line notice for the user, or with {@code --write-required} the
 * capture ends with the failure. Apart from {@link LiveCapture} because keeping the file, and deciding what a write
 * failure means, is a job of its own that the capture loop only asks "may I go on?". Not thread safe: the capture
 * thread, then the finishing thread once it has joined the capture thread.
 */
final class LiveCopy
{
    private final LivePcapWriter writer;
    private final boolean required;
    private final Queue<String> notices;
    private final Consumer<Exception> fail;
    private long errors;
    /** Packets handed to the writer. */
    private long offered;

    /**
     * @param writer   the open file.
     * @param required whether a write failure ends the capture (--write-required).
     * @param notices  where the notice for the user goes.
     * @param fail     takes the failure that ends the capture, when {@code required}.
     */
    LiveCopy(final LivePcapWriter writer, final boolean required, final Queue<String> notices,
        final Consumer<Exception> fail)
    {
        this.writer = writer;
        this.required = required;
        this.notices = notices;
        this.fail = fail;
    }

    /**
     * @param ex an I/O failure.
     * @return its message, or its class when it has none.
     */
    static String describe(final IOException ex)
    {
        final String message = ex.getMessage();
        return message == null ? ex.getClass().getSimpleName() : message;
    }

    /**
     * @param raw      the packet's bytes.
     * @param captured bytes captured.
     * @param wire     length on the wire.
     * @param nanos    packet time.
     * @return whether a packet may still be captured: false to end the loop (--write-required).
     */
    boolean write(final byte[] raw, final int captured, final int wire, final long nanos)
    {
        offered++;
        if (writer.failed())
        {
            errors++;
            return true;
        }
        try
        {
            writer.write(raw, captured, wire, nanos);
            return true;
        }
        catch (final IOException ex)
        {
            failed(ex);
            return !required;
        }
    }

    /** After the capture: what is buffered goes to the file, unless it failed already. */
    void flush()
    {
        if (!writer.failed())
        {
            try
            {
                writer.flush();
            }
            catch (final IOException ex)
            {
                failed(ex);
            }
        }
    }

    /** @return packets that are not in the file, and a failed close. */
    long errors()
    {
        return errors;
    }

    /** Closes the file; a failure is counted. */
    void close()
    {
        try
        {
            writer.close();
        }
        catch (final IOException ex)
        {
            errors++;
        }
    }

    /** Cold: once per capture at most. Counts what is not in the file, says once what failed. */
    private void failed(final IOException ex)
    {
        errors = offered - writer.packetsWritten();
        final String what = "writing " + writer.path() + " failed after " + writer.packetsWritten() + " packets ("
            + describe(ex) + "): the file keeps those, a valid pcap";
        if (required)
        {
            fail.accept(new LiveCaptureException(LiveCaptureException.Kind.OUTPUT, what
                + "; the capture stops (--write-required)", ex));
        }
        else
        {
            notices.add(what + "; tracking goes on without writing, packets not written are counted (write_errors)");
        }
    }
}
