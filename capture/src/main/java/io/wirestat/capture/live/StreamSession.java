package io.wirestat.capture.live;

import io.wirestat.tracker.detect.DetectorConfig;

import java.time.Duration;

/**
 * Runs a {@link StreamPacketSource} to its end: the read on its own thread, and on the calling (refresh) thread the
 * rows it makes at every --interval of packet time, shown by the view and served as metrics. While the stream is
 * quiet for an interval of wall time (a pipe from a host whose wire is idle, a followed file not growing), a row as
 * of the newest packet is shown instead, so the view never lags the stream by more than one interval. Ends at the end
 * of the stream, on {@link #stop()} (a signal) or after {@code duration} of wall time; returns the final status as of
 * the newest packet. No process attribution: the packets are another host's as often as not.
 * Threading: {@link #run()} on one thread; {@link #stop()} from any.
 */
public final class StreamSession
{
    private static final long POLL_NANOS = 50_000_000L;
    private static final long IDLE_SNAPSHOT_MILLIS = 100;

    private final StreamPacketSource source;
    private final LiveView view;
    private final LiveMetrics metrics;
    private final long intervalNanos;
    private final long durationNanos;
    private DetectorConfig detectors = new DetectorConfig();
    private LiveStatus previous;

    /**
     * @param source   the opened stream.
     * @param view     how rows are shown, or null.
     * @param metrics  the metrics server, or null.
     * @param interval wall time of quiet after which a row is shown anyway (rows otherwise follow packet time).
     * @param duration wall time to read for, or null for no limit.
     */
    public StreamSession(
        final StreamPacketSource source, final LiveView view, final LiveMetrics metrics, final Duration interval,
        final Duration duration)
    {
        this.source = source;
        this.view = view;
        this.metrics = metrics;
        this.intervalNanos = Math.max(interval.toNanos(), 1_000_000L);
        this.durationNanos = duration == null ? Long.MAX_VALUE : duration.toNanos();
    }

    /**
     * @param config the detectors' thresholds for the rows.
     * @return this.
     */
    public StreamSession detectors(final DetectorConfig config)
    {
        this.detectors = config;
        return this;
    }

    /** Ends the read; {@link #run()} then drains and returns. Thread safe. */
    public void stop()
    {
        source.stop();
    }

    /**
     * @return the final status, as of the newest packet.
     * @throws InterruptedException if the refresh thread is interrupted (the read is stopped first).
     */
    public LiveStatus run() throws InterruptedException
    {
        final Thread thread = new Thread(source::run, "wirestat-stream");
        thread.setDaemon(true);
        final long start = System.nanoTime();
        long lastRow = start;
        thread.start();
        try
        {
            while (true)
            {
                final long now = System.nanoTime();
                if (durationNanos != Long.MAX_VALUE && now - start >= durationNanos)
                {
                    source.stop();
                }
                final boolean alive = thread.isAlive();
                final LiveStatus row = source.nextRow(alive ? POLL_NANOS : 0);
                if (row != null)
                {
                    show(row);
                    lastRow = System.nanoTime();
                }
                else if (!alive)
                {
                    break;
                }
                else if (System.nanoTime() - lastRow >= intervalNanos)
                {
                    final LiveStatus idle = source.snapshot(IDLE_SNAPSHOT_MILLIS);
                    if (idle != null)
                    {
                        show(idle);
                    }
                    lastRow = System.nanoTime();
                }
            }
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            source.stop();
            thread.join();
            throw ex;
        }
        final LiveStatus last = source.finish();
        if (metrics != null)
        {
            metrics.update(LiveRefresh.of(source.name(), last, previous, ProcessAttribution.EMPTY, detectors));
        }
        return last;
    }

    private void show(final LiveStatus status)
    {
        final LiveRefresh r = LiveRefresh.of(source.name(), status, previous, ProcessAttribution.EMPTY, detectors);
        previous = status;
        if (metrics != null)
        {
            metrics.update(r);
        }
        if (view != null)
        {
            view.show(r);
        }
    }
}
