package io.wirestat.capture.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How far the reading thread has got through a sequence of capture files: bytes of input consumed (compressed bytes
 * for gzip, as a file's size on disk counts them) and frames delivered, summed over the files read so far. Readers
 * publish every {@link #PUBLISH_INTERVAL_BYTES} of input and at the end of each file, so the per-frame cost is one
 * compare of two locals; a progress display on another thread reads the two figures a few times a second.
 * <p>
 * One writer (the reading thread), any number of readers. The figures are written and read with opaque access: a
 * reader sees each figure as some value the writer wrote, never torn, without ordering between the two (a
 * display can be a megabyte out of step, which it cannot show anyway), and the writer pays no fence.
 */
public final class ReadProgress
{
    /** Input read between two publications by a reader: about a thousand a second at the fastest read rates. */
    static final long PUBLISH_INTERVAL_BYTES = 1 << 20;

    private static final VarHandle BYTES;
    private static final VarHandle FRAMES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES = lookup.findVarHandle(ReadProgress.class, "bytes", long.class);
            FRAMES = lookup.findVarHandle(ReadProgress.class, "frames", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    // Written by the reading thread only; read elsewhere through the VarHandles.
    @SuppressWarnings("unused")
    private long bytes;
    @SuppressWarnings("unused")
    private long frames;

    // The reading thread's own: totals of the files finished before the current one.
    private long bytesBefore;
    private long framesBefore;

    /**
     * Publishes the position in the file being read.
     *
     * @param fileBytes  input bytes of this file consumed so far.
     * @param fileFrames frames of this file delivered so far.
     */
    void publish(final long fileBytes, final long fileFrames)
    {
        BYTES.setOpaque(this, bytesBefore + fileBytes);
        FRAMES.setOpaque(this, framesBefore + fileFrames);
    }

    /**
     * Publishes the end of the file being read; the next file's figures add to these.
     *
     * @param fileBytes  input bytes of this file consumed in all.
     * @param fileFrames frames of this file delivered in all.
     */
    void endFile(final long fileBytes, final long fileFrames)
    {
        publish(fileBytes, fileFrames);
        bytesBefore += fileBytes;
        framesBefore += fileFrames;
    }

    /** @return input bytes consumed over all files so far (compressed bytes for gzip input); any thread. */
    public long bytes()
    {
        return (long)BYTES.getOpaque(this);
    }

    /** @return frames delivered over all files so far; any thread. */
    public long frames()
    {
        return (long)FRAMES.getOpaque(this);
    }
}
