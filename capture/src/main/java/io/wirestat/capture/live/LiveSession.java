package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a live capture to its end: the capture loop on its own thread, and on the calling (refresh) thread a
 * snapshot every interval, joined with this host's sockets from {@code /proc}, shown by the view and served as
 * metrics. Ends when the capture stops (packet count, {@link #stop()} from a signal, {@code --duration}, or a libpcap
 * error), then drains the ring and returns the final status as of the wall clock. The capture's notices (the
 * interface went away or came back, the {@code -w} file failed) are printed here, on the refresh thread, as they
 * come. When the view can no longer write (stdout's reader went away: EPIPE), the capture stops and
 * {@link #outputBroken()} says so.
 * Threading: {@link #run()} on one thread; {@link #stop()} from any.
 */
public final class LiveSession
{
    private static final long SNAPSHOT_TIMEOUT_MILLIS = 5_000;
    /** Longest wait between looks at the capture's notices. */
    private static final long NOTICE_POLL_NANOS = 100_000_000L;

    private final String device;
    private final LiveCapture capture;
    private final LiveView view;
    private final LiveMetrics metrics;
    private final long intervalNanos;
    private final long durationNanos;
    private final Path procRoot;
    private DetectorConfig detectors = new DetectorConfig();
    private PrintWriter notices;
    private volatile boolean outputBroken;
    private LiveStatus previous;

    /**
     * @param device   the interface (for the view).
     * @param capture  the opened capture.
     * @param view     how refreshes are shown, or null for none.
     * @param metrics  the metrics server, or null.
     * @param interval time between refreshes.
     * @param duration how long to capture, or null for no limit.
     * @param procRoot {@code /proc} for process attribution, or null to skip it.
     */
    public LiveSession(
        final String device, final LiveCapture capture, final LiveView view, final LiveMetrics metrics,
        final Duration interval, final Duration duration, final Path procRoot)
    {
        this.device = device;
        this.capture = capture;
        this.view = view;
        this.metrics = metrics;
        this.intervalNanos = Math.max(interval.toNanos(), 1_000_000L);
        this.durationNanos = duration == null ? Long.MAX_VALUE : duration.toNanos();
        this.procRoot = procRoot;
    }

    /**
     * @param config the detectors' thresholds for the refreshes (default thresholds otherwise).
     * @return this.
     */
    public LiveSession detectors(final DetectorConfig config)
    {
        this.detectors = config;
        return this;
    }

    /**
     * @param err where the capture's notices are printed ({@code wirestat: ...} lines), or null to drop them.
     * @return this.
     */
    public LiveSession notices(final PrintWriter err)
    {
        this.notices = err;
        return this;
    }

    /** @return true if the view could not write (its reader went away) and the capture was stopped for that. */
    public boolean outputBroken()
    {
        return outputBroken;
    }

    /** @return the detectors' thresholds. */
    public DetectorConfig detectors()
    {
        return detectors;
    }

    /** Stops the capture; {@link #run()} then drains and returns. Thread safe. */
    public void stop()
    {
        capture.stop();
    }

    /**
     * @return the final status, as of the wall clock when the capture ended.
     * @throws InterruptedException if the refresh thread is interrupted (the capture is stopped first).
     */
    public LiveStatus run() throws InterruptedException
    {
        final Thread thread = new Thread(capture::run, "wirestat-capture");
        thread.setDaemon(true);
        final long start = System.nanoTime();
        final long deadline = durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationNanos;
        long nextRefresh = start + intervalNanos;
        thread.start();
        try
        {
            while (thread.isAlive())
            {
                printNotices();
                final long now = System.nanoTime();
                if (now - deadline >= 0 && deadline != Long.MAX_VALUE)
                {
                    capture.stop();
                    thread.join();
                    break;
                }
                if (now - nextRefresh >= 0)
                {
                    refresh();
                    nextRefresh = Math.max(nextRefresh + intervalNanos, System.nanoTime() + intervalNanos / 2);
                    continue;
                }
                final long wait = Math.min(nextRefresh, deadline == Long.MAX_VALUE ? nextRefresh : deadline) - now;
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(Math.min(wait, NOTICE_POLL_NANOS), 1_000_000L));
            }
        }
        catch (final InterruptedException ex)
        {
            capture.stop();
            thread.join();
            throw ex;
        }
        final LiveStatus last = capture.finish();
        printNotices();
        if (metrics != null)
        {
            metrics.update(LiveRefresh.of(device, last, previous, attribution(), detectors));
        }
        return last;
    }

    /**
     * The final report's alerts: the detectors' on the last status, naming the owning process of this host's
     * sockets as the refreshes do.
     *
     * @param last the status {@link #run()} returned.
     * @return the alerts, most severe first.
     */
    public List<Alert> alerts(final LiveStatus last)
    {
        return LiveAlerts.evaluate(last.connections(), last.asOfNanos(), detectors, attribution());
    }

    private void refresh() throws InterruptedException
    {
        final LiveStatus status = capture.snapshot(SNAPSHOT_TIMEOUT_MILLIS);
        if (status == null)
        {
            return;
        }
        final LiveRefresh r = LiveRefresh.of(device, status, previous, attribution(), detectors);
        previous = status;
        if (metrics != null)
        {
            metrics.update(r);
        }
        if (view != null)
        {
            view.show(r);
            if (view.broken())
            {
                // EPIPE: nobody reads any more. Stop as a Unix tool stopped by SIGPIPE does, with nothing to say.
                outputBroken = true;
                capture.stop();
            }
        }
    }

    private void printNotices()
    {
        String notice;
        while ((notice = capture.pollNotice()) != null)
        {
            if (notices != null)
            {
                notices.println("wirestat: " + notice);
                notices.flush();
            }
        }
    }

    private ProcessAttribution attribution()
    {
        return procRoot == null ? ProcessAttribution.EMPTY : ProcessAttribution.read(procRoot);
    }
}
