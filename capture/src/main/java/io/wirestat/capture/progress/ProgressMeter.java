package io.wirestat.capture.progress;

import io.wirestat.capture.analysis.AnalysisProgress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The progress display of {@code wirestat analyze}: a daemon thread that, every interval, reads how far the analysis
 * has got ({@link AnalysisProgress}: racy reads of figures the reading and tracking threads publish, nothing asked of
 * them) and rewrites one line on stderr in place ({@link ProgressLine}). After the last frame it shows the report
 * phase; {@link #stop()} blanks the line, so the report and any later message start on a clean line.
 * <p>
 * Shown from the start when the input's size is known to be large enough, or, when it is not known (standard
 * input), once that many bytes have been read. When stdout goes to the same terminal, {@link #guard} makes the first
 * byte of the report stop the display, so the two never share a line. A shutdown hook blanks the line when the JVM
 * exits early (Ctrl-C).
 * <p>
 * Thread safe: {@link #writingReport()} and {@link #stop()} come from the command's thread, the drawing from the
 * meter's own; both draw under one lock. The {@link #guard} wrappers are for one writing thread each.
 */
public final class ProgressMeter
{
    /** A meter that shows nothing: for --progress=never, --quiet, stderr not a terminal, small input. */
    public static final ProgressMeter OFF = new ProgressMeter();

    /** Default redraw interval: four times a second, as pv and curl redraw. */
    public static final long INTERVAL_NANOS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(250);

    private final Object lock = new Object();
    private final PrintWriter err;
    private final AnalysisProgress progress;
    private final long totalBytes;
    private final long showFromBytes;
    private final long intervalNanos;
    private final long startNanos;
    private final Thread thread;
    private final Thread shutdownHook;

    // Guarded by lock.
    private boolean writingReport;
    private boolean stopped;
    private boolean visible;
    private int shownLength;

    private ProgressMeter()
    {
        this.err = null;
        this.progress = null;
        this.totalBytes = -1;
        this.showFromBytes = Long.MAX_VALUE;
        this.intervalNanos = INTERVAL_NANOS_DEFAULT;
        this.startNanos = 0;
        this.thread = null;
        this.shutdownHook = null;
        this.stopped = true;
    }

    private ProgressMeter(
        final PrintWriter err, final AnalysisProgress progress, final long totalBytes, final long showFromBytes,
        final long intervalNanos)
    {
        this.err = err;
        this.progress = progress;
        this.totalBytes = totalBytes;
        this.showFromBytes = showFromBytes;
        this.intervalNanos = intervalNanos;
        this.startNanos = System.nanoTime();
        this.thread = new Thread(this::run, "wirestat-progress");
        this.thread.setDaemon(true);
        this.shutdownHook = new Thread(this::stop, "wirestat-progress-clear");
    }

    /**
     * Starts a meter drawing on its own thread.
     *
     * @param err           where the line goes (stderr).
     * @param progress      the analysis's published figures.
     * @param totalBytes    the input's size, negative when unknown (standard input among the files).
     * @param showFromBytes input read after which the line shows (0: from the start).
     * @param intervalNanos time between two redraws.
     * @return the running meter; {@link #stop()} it.
     */
    public static ProgressMeter start(
        final PrintWriter err, final AnalysisProgress progress, final long totalBytes, final long showFromBytes,
        final long intervalNanos)
    {
        final ProgressMeter meter = new ProgressMeter(err, progress, totalBytes, showFromBytes, intervalNanos);
        Runtime.getRuntime().addShutdownHook(meter.shutdownHook);
        meter.thread.start();
        return meter;
    }

    /** Every frame is read: the line says the report is being made, and is drawn now if it shows. */
    public void writingReport()
    {
        synchronized (lock)
        {
            if (stopped)
            {
                return;
            }
            writingReport = true;
            drawIfDue();
        }
    }

    /** Blanks the line, for good; idempotent. Output written after this starts at column 0 of a clean line. */
    public void stop()
    {
        synchronized (lock)
        {
            if (stopped)
            {
                return;
            }
            stopped = true;
            if (visible)
            {
                err.print(ProgressLine.clear(shownLength));
                err.flush();
                visible = false;
            }
        }
        LockSupport.unpark(thread);
        if (Thread.currentThread() != shutdownHook)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (final IllegalStateException alreadyShuttingDown)
            {
                // The hook runs (or ran) anyway, and finds the meter stopped.
            }
        }
    }

    /**
     * @param out stdout's writer.
     * @return a writer whose first write {@link #stop()}s this meter, then writes to {@code out}.
     */
    public Writer guard(final Writer out)
    {
        return new Writer()
        {
            private boolean written;

            @Override
            public void write(final char[] chars, final int off, final int len) throws IOException
            {
                if (!written)
                {
                    stop();
                    written = true;
                }
                out.write(chars, off, len);
            }

            @Override
            public void flush() throws IOException
            {
                out.flush();
            }

            @Override
            public void close() throws IOException
            {
                out.close();
            }
        };
    }

    /**
     * @param out stdout's byte stream.
     * @return a stream whose first write {@link #stop()}s this meter, then writes to {@code out}.
     */
    public OutputStream guard(final OutputStream out)
    {
        return new OutputStream()
        {
            private boolean written;

            @Override
            public void write(final int b) throws IOException
            {
                write(new byte[] {(byte)b}, 0, 1);
            }

            @Override
            public void write(final byte[] bytes, final int off, final int len) throws IOException
            {
                if (!written)
                {
                    stop();
                    written = true;
                }
                out.write(bytes, off, len);
            }

            @Override
            public void flush() throws IOException
            {
                out.flush();
            }

            @Override
            public void close() throws IOException
            {
                out.close();
            }
        };
    }

    private void run()
    {
        while (true)
        {
            LockSupport.parkNanos(this, intervalNanos);
            synchronized (lock)
            {
                if (stopped)
                {
                    return;
                }
                drawIfDue();
            }
        }
    }

    /** Caller holds the lock. */
    private void drawIfDue()
    {
        if (stopped)
        {
            return;
        }
        if (!visible && progress.read().bytes() < showFromBytes)
        {
            return;
        }
        final long elapsed = System.nanoTime() - startNanos;
        final String line = writingReport ?
            ProgressLine.writingReport(progress.connectionsTracked(), elapsed) :
            ProgressLine.reading(progress.read().bytes(), totalBytes, progress.read().frames(),
                progress.connectionsTracked(), elapsed);
        err.print(ProgressLine.overwrite(line, shownLength));
        err.flush();
        shownLength = line.length();
        visible = true;
    }
}
