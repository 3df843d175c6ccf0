package io.wirestat.capture.cli;

import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.live.LiveCapture;
import io.wirestat.capture.live.LiveCaptureException;
import io.wirestat.capture.live.LiveMetrics;
import io.wirestat.capture.live.LiveOptions;
import io.wirestat.capture.live.LiveSession;
import io.wirestat.capture.live.LiveSignals;
import io.wirestat.capture.live.LiveStatus;
import io.wirestat.capture.live.StreamPacketSource;
import io.wirestat.capture.live.StreamSession;
import io.wirestat.capture.report.prometheus.MetricsSettings;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Detectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

/**
 * One {@code live} session, from an interface ({@code -i}) or a capture stream ({@code -r}), to its final report
 * and exit code: open the source, serve the metrics, run the view until a signal, {@code -c}, {@code --duration} or
 * the stream's end, write the report ({@link LiveOutput}) and the counts on stderr. Apart from {@link LiveCommand},
 * which holds the options, says which combinations of them are wrong and picks the source, because the run's steps
 * and the order of its messages are one job, the same for both sources save where they open and how they end. Each
 * step that can fail says why on stderr and ends the run with its exit code. Not thread safe; run once.
 */
final class LiveRun
{
    private final LiveCommand command;
    private final PrintWriter out;
    private final PrintWriter err;
    private final LiveOutput output;
    /** The detectors' thresholds, once {@link #resolveDetectors()} succeeded. */
    private DetectorConfig detectorConfig;
    /** The alert kinds that make the exit code 4 (--fail-on). */
    private Set<String> failOn;
    /** The --metrics endpoint while it serves, else null. */
    private LiveMetrics metrics;

    /**
     * @param command the options, their combinations already checked.
     * @param out     stdout.
     * @param err     stderr.
     */
    LiveRun(final LiveCommand command, final PrintWriter out, final PrintWriter err)
    {
        this.command = command;
        this.out = out;
        this.err = err;
        this.output = new LiveOutput(command.format, command.selection, command.detection.alertsOnly,
            command.groupAlerts, portRange());
    }

    /**
     * {@code live -i IFACE}: the wall clock drives the timers; stdout's reader going away stops the capture quietly.
     *
     * @return the exit code.
     * @throws IOException if the final report cannot be written.
     */
    int fromInterface() throws IOException
    {
        final LiveOptions options = command.options();
        if (!command.fitsInHeap(options, err))
        {
            return ExitCode.USAGE.code();
        }
        final LiveCapture capture;
        try
        {
            capture = LiveCapture.open(options);
        }
        catch (final LiveCaptureException ex)
        {
            err.println("wirestat: " + ex.getMessage());
            return ExitCode.USAGE.code();
        }
        try (capture)
        {
            if (command.metricsAddress != null)
            {
                if (!startMetrics())
                {
                    return ExitCode.USAGE.code();
                }
                err.println("wirestat: serving metrics on http://" + command.metricsAddress.substring(0,
                    command.metricsAddress.lastIndexOf(':')) + ":" + metrics.port() + "/metrics");
            }
            if (!resolveDetectors())
            {
                return ExitCode.USAGE.code();
            }
            final LiveSession session = new LiveSession(command.device, capture, output.view(out), metrics,
                command.interval, command.duration, Paths.get("/proc")).detectors(detectorConfig).notices(err);
            final LiveStatus last = untilStopped(session::stop, session::run, "wirestat: capturing on "
                + command.device + ", link type " + capture.linkType() + ", snapshot length " + command.snaplen
                + " bytes (Ctrl-C stops and prints the report)");
            if (last == null)
            {
                return ExitCode.INTERNAL_ERROR.code();
            }
            if (session.outputBroken())
            {
                return LiveCommand.BROKEN_PIPE;
            }
            final List<Alert> alerts = session.alerts(last);
            output.finish(out, last, alerts, command.device + " (live)", "the end of the capture, on the wall clock",
                detectorConfig);
            if (out.checkError())
            {
                return LiveCommand.BROKEN_PIPE;
            }
            err.println("wirestat: " + last.frames() + " packets captured, " + last.pcap().received()
                + " received by filter, " + last.pcap().dropped() + " dropped by kernel, " + last.pcap().ifDropped()
                + " dropped by interface, " + last.ringOverflow() + " dropped by wirestat (ring overflow)");
            if (failsOn(alerts))
            {
                return ExitCode.ALERT.code();
            }
            if (capture.failure() != null)
            {
                err.println("wirestat: capture ended early: " + capture.failure().getMessage()
                    + " (the report above covers what was seen until then)");
                return ExitCode.FAULTS.code();
            }
            return ExitCode.OK.code();
        }
        finally
        {
            stopMetrics();
        }
    }

    /**
     * {@code live -r FILE|-}: timers run on the packets' own time, the detectors run once more over the last
     * connections, and a stream cut mid-record or failing to read makes exit 1.
     *
     * @return the exit code.
     * @throws IOException if the final report cannot be written.
     */
    int fromStream() throws IOException
    {
        final boolean stdin = CaptureFiles.isStandardInput(command.readFile);
        if (!resolveDetectors())
        {
            return ExitCode.USAGE.code();
        }
        final String name = command.readFile.toString();
        final LiveOptions options = command.options();
        if (!command.fitsInHeap(options, err))
        {
            return ExitCode.USAGE.code();
        }
        final StreamPacketSource source;
        try
        {
            final InputStream in = stdin && command.standardInput != null ?
                command.standardInput : StreamPacketSource.streamOf(command.readFile);
            source = StreamPacketSource.open(name, in, command.follow, options, command.interval);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("wirestat: " + (ex instanceof NoSuchFileException ?
                name + ": No such file or directory" : ex.getMessage()));
            return ExitCode.USAGE.code();
        }
        try (source)
        {
            if (command.metricsAddress != null && !startMetrics())
            {
                return ExitCode.USAGE.code();
            }
            err.println("wirestat: reading " + source.format() + " from " + (stdin ? "standard input" : name)
                + (command.follow ? ", following it" : "") + " (Ctrl-C stops and prints the report)");
            err.flush();
            final StreamSession session = new StreamSession(source, output.view(out), metrics, command.interval,
                command.duration).detectors(detectorConfig);
            final LiveStatus last = untilStopped(session::stop, session::run, null);
            if (last == null)
            {
                return ExitCode.INTERNAL_ERROR.code();
            }
            final List<Alert> alerts = Detectors.run(last.connections(), last.asOfNanos(), detectorConfig);
            output.finish(out, last, alerts, name, null, detectorConfig);
            err.println("wirestat: " + last.frames() + " packets read from " + (stdin ? "standard input" : name)
                + (last.writeErrors() > 0 ? ", " + last.writeErrors() + " not written to " + command.writeFile : ""));
            if (source.fault() != null)
            {
                err.println("wirestat: " + name + ": " + source.fault());
            }
            if (source.failure() != null)
            {
                err.println("wirestat: reading " + name + " failed: " + source.failure());
            }
            if (failsOn(alerts))
            {
                return ExitCode.ALERT.code();
            }
            return source.fault() != null || source.failure() != null ? ExitCode.FAULTS.code() : ExitCode.OK.code();
        }
        finally
        {
            stopMetrics();
        }
    }

    /** A session's {@code run()}: it blocks until the session stops, then returns the last status. */
    @FunctionalInterface
    private interface Session
    {
        LiveStatus run() throws InterruptedException;
    }

    /**
     * Runs a session that SIGINT and SIGTERM stop cleanly (a second signal exits at once).
     *
     * @param stop    what a signal calls.
     * @param session the session's run.
     * @param started said once the handlers are in place, so a signal sent on seeing it stops cleanly; or null.
     * @return the status when it stopped, or null if this thread was interrupted.
     */
    private LiveStatus untilStopped(final Runnable stop, final Session session, final String started)
    {
        try (LiveSignals ignored = LiveSignals.install(stop, err))
        {
            if (started != null)
            {
                err.println(started);
            }
            return session.run();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** @return false (said on stderr) if the detectors' thresholds or the --fail-on kinds are wrong. */
    private boolean resolveDetectors()
    {
        try
        {
            detectorConfig = command.detection.config(command.pipeline.timeWait.toNanos());
            failOn = command.detection.failOnKinds();
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("wirestat: " + ex.getMessage());
            return false;
        }
    }

    /** @return true if one of the alerts is of a --fail-on kind. */
    private boolean failsOn(final List<Alert> alerts)
    {
        for (final Alert alert : alerts)
        {
            if (failOn.contains(alert.kind()))
            {
                return true;
            }
        }
        return false;
    }

    /** @return false (said on stderr) if the --metrics endpoint cannot be served. */
    private boolean startMetrics()
    {
        try
        {
            metrics = LiveMetrics.start(command.metricsAddress, new MetricsSettings(command.metricsTopServices,
                VersionProvider.projectVersion(), portRange()));
            return true;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("wirestat: cannot serve metrics on " + command.metricsAddress + ": " + ex.getMessage());
            return false;
        }
    }

    /** Stops the --metrics endpoint, after the source is closed (as the run's last step). */
    private void stopMetrics()
    {
        if (metrics != null)
        {
            metrics.close();
        }
    }

    /** @return the ports in --port-range: what TIME_WAIT per destination is measured against, in views and metrics. */
    private int portRange()
    {
        return command.detection.portRange.high() - command.detection.portRange.low() + 1;
    }
}
