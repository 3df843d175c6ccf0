package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.live.JsonlView;
import io.wirestat.capture.live.LineView;
import io.wirestat.capture.live.LiveCapture;
import io.wirestat.capture.live.LiveCaptureException;
import io.wirestat.capture.live.LiveInterfaces;
import io.wirestat.capture.live.LiveMetrics;
import io.wirestat.capture.live.LiveOptions;
import io.wirestat.capture.live.LiveSession;
import io.wirestat.capture.live.LiveSignals;
import io.wirestat.capture.live.LiveStatus;
import io.wirestat.capture.live.LiveView;
import io.wirestat.capture.live.ScreenView;
import io.wirestat.capture.report.prometheus.MetricsSettings;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Detectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code wirestat live}: captures from an interface through libpcap and tracks both endpoints' states as packets
 * arrive, with a refreshing view (a screen on a terminal, one line per interval otherwise, or JSON Lines), optional
 * Prometheus metrics and pcap recording; on Ctrl-C, SIGTERM, {@code -c} or {@code --duration} it prints the final
 * report in {@code analyze}'s shape and exits 0. Not thread safe; one instance per command line, executed once.
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    headerHeading = "%n",
    header = "Track both endpoints' TCP state live, from an interface.",
    descriptionHeading = "%n",
    description = {
        "Captures from an interface (libpcap; needs CAP_NET_RAW, not root) and infers, as packets arrive, the TCP "
            + "state of both endpoints of every connection. Timers run on the wall clock: connections age and "
            + "TIME_WAIT expires even when traffic stops.",
        "%nOn a terminal the screen refreshes every --interval: per-state counts of both sides, alerts, the "
            + "endpoints with most CLOSE_WAIT and TIME_WAIT with the owning process when the socket is on this "
            + "host (from /proc, as netstat -p), packet rate and drops. Otherwise one summary line per interval, or "
            + "with --format jsonl, alert and summary objects.",
        "%nDrops are always counted: libpcap's received, dropped (kernel buffer full) and interface-dropped "
            + "packets, and ring_overflow (wirestat's ring full: the capture thread never waits).",
        "%nCtrl-C or SIGTERM stops cleanly: the final report, shaped like 'wirestat analyze', and exit 0.",
    },
    optionListHeading = "%nOptions:%n",
    footerHeading = "%nExamples:%n",
    footer = {
        "  wirestat live -i eth0",
        "  wirestat live -i any -f 'tcp port 5432' --state close-wait",
        "  wirestat live -i eth0 --format jsonl --interval 10s > live.jsonl",
        "  wirestat live -i eth0 --metrics 127.0.0.1:9100 -w incident.pcap --duration 10m",
        "  wirestat live -i eth0 --metrics 0.0.0.0:9464 --metrics-top-services 20",
        "  wirestat live -D",
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class LiveCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
        description = "Interface to capture on (see -D); 'any' captures on all of them.")
    String device;

    @Option(names = {"-D", "--list-interfaces"},
        description = "List the interfaces libpcap can capture on, as tcpdump -D does, and exit.")
    boolean listInterfaces;

    @Option(names = {"-s", "--snaplen"}, paramLabel = "BYTES",
        description = "Bytes kept of each packet: enough for the headers. Default: ${DEFAULT-VALUE}.")
    int snaplen = LiveOptions.DEFAULT_SNAPLEN;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "KIB",
        description = "Kernel capture buffer size in KiB (as tcpdump -B). Default: libpcap's (2048).")
    int bufferKib;

    @Option(names = {"-p", "--no-promiscuous-mode"},
        description = "Do not put the interface into promiscuous mode.")
    boolean noPromiscuous;

    @Option(names = "-c", paramLabel = "COUNT", description = "Stop after COUNT packets.")
    long count;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop after this long, e.g. 30s, 10m.")
    Duration duration;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "2s", description = "Time between refreshes of the view. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "table (screen or lines, then the final report) or jsonl (alert and summary objects, then "
            + "the final report's connection and summary objects). Default: ${DEFAULT-VALUE}.")
    OutputFormat format = OutputFormat.TABLE;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
        description = "Serve Prometheus metrics on http://HOST:PORT/metrics (states per side, the top services' "
            + "CLOSE_WAIT and TIME_WAIT, alerts by kind and severity, packets, drops, evictions, build info; "
            + "docs/fleet.md lists them).")
    String metricsAddress;

    @Option(names = "--metrics-top-services", paramLabel = "K",
        description = "With --metrics: the K services (server ip:port) with most CLOSE_WAIT, and the K with most "
            + "TIME_WAIT, get series of their own; the rest are summed as service=\"other\". Bounds the series "
            + "whatever the traffic. Default: ${DEFAULT-VALUE}.")
    int metricsTopServices = MetricsSettings.TOP_SERVICES_DEFAULT;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE",
        description = "Also write the captured packets to this pcap file (replay it with wirestat analyze).")
    Path writeFile;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    SelectionOptions selection;

    @Mixin
    DetectorOptions detection;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (listInterfaces)
        {
            try
            {
                LiveInterfaces.list(out);
                return ExitCode.OK.code();
            }
            catch (final LiveCaptureException ex)
            {
                err.println("wirestat: " + ex.getMessage());
                return ExitCode.USAGE.code();
            }
        }
        if (device == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing interface: -i IFACE (-D lists them)");
        }
        final LiveOptions options = options();
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
        LiveMetrics metrics = null;
        try (capture)
        {
            if (metricsAddress != null)
            {
                try
                {
                    metrics = LiveMetrics.start(metricsAddress, new MetricsSettings(metricsTopServices,
                        VersionProvider.projectVersion(), detection.portRange.high() - detection.portRange.low() + 1));
                }
                catch (final IOException | IllegalArgumentException ex)
                {
                    err.println("wirestat: cannot serve metrics on " + metricsAddress + ": " + ex.getMessage());
                    return ExitCode.USAGE.code();
                }
                err.println("wirestat: serving metrics on http://" + metricsAddress.substring(0,
                    metricsAddress.lastIndexOf(':')) + ":" + metrics.port() + "/metrics");
            }
            err.println("wirestat: capturing on " + device + ", link type " + capture.linkType()
                + ", snapshot length " + snaplen + " bytes (Ctrl-C stops and prints the report)");
            final DetectorConfig detectorConfig;
            final Set<String> failOn;
            try
            {
                detectorConfig = detection.config(pipeline.timeWait.toNanos());
                failOn = detection.failOnKinds();
            }
            catch (final IllegalArgumentException ex)
            {
                err.println("wirestat: " + ex.getMessage());
                return ExitCode.USAGE.code();
            }
            final LiveSession session = new LiveSession(device, capture, view(out), metrics, interval, duration,
                Paths.get("/proc")).detectors(detectorConfig);
            final LiveStatus last;
            try (LiveSignals ignored = LiveSignals.install(session::stop))
            {
                last = session.run();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return ExitCode.INTERNAL_ERROR.code();
            }
            final List<Alert> alerts = Detectors.run(last.connections(), last.asOfNanos(), detectorConfig);
            report(out, last, alerts);
            err.println("wirestat: " + last.frames() + " packets captured, " + last.pcap().received()
                + " received by filter, " + last.pcap().dropped() + " dropped by kernel, " + last.pcap().ifDropped()
                + " dropped by interface, " + last.ringOverflow() + " dropped by wirestat (ring overflow)");
            for (final Alert alert : alerts)
            {
                if (failOn.contains(alert.kind()))
                {
                    return ExitCode.ALERT.code();
                }
            }
            if (capture.failure() != null)
            {
                err.println("wirestat: capture ended early: " + capture.failure().getMessage());
                return ExitCode.FAULTS.code();
            }
            return ExitCode.OK.code();
        }
        finally
        {
            if (metrics != null)
            {
                metrics.close();
            }
        }
    }

    private LiveOptions options()
    {
        final LiveOptions options = new LiveOptions();
        options.device = device;
        options.filter = pipeline.filter;
        options.snaplen = snaplen;
        options.bufferSize = bufferKib * 1024;
        options.promiscuous = !noPromiscuous;
        options.count = count;
        options.shards = pipeline.shards;
        options.ringSize = pipeline.ringSize;
        options.writeFile = writeFile;
        options.tracker.timeWaitNanos(pipeline.timeWait.toNanos());
        return options;
    }

    private LiveView view(final PrintWriter out)
    {
        if (format == OutputFormat.JSONL)
        {
            return new JsonlView(out);
        }
        return System.console() != null ? new ScreenView(out) : new LineView(out);
    }

    private void report(final PrintWriter out, final LiveStatus last, final List<Alert> alerts) throws IOException
    {
        final AnalysisReport report = last.toReport();
        final List<Path> source = List.of(Paths.get(device + " (live)"));
        if (format == OutputFormat.JSONL)
        {
            new JsonlReportWriter(out, selection.filter()).write(report, source, alerts, detection.alertsOnly);
        }
        else if (detection.alertsOnly)
        {
            out.println();
            new AlertTableWriter(out).write(alerts);
        }
        else
        {
            out.println();
            new TableReportWriter(out, selection.filter(), selection.showClosed())
                .asOf("the end of the capture, on the wall clock").write(report, source, alerts);
        }
        out.flush();
    }
}
