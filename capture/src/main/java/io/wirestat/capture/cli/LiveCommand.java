package io.wirestat.capture.cli;

import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.live.LiveCaptureException;
import io.wirestat.capture.live.LiveInterfaces;
import io.wirestat.capture.live.LiveOptions;
import io.wirestat.capture.report.prometheus.MetricsSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code wirestat live}: captures from an interface through libpcap and tracks both endpoints' states as packets
 * arrive, with a refreshing view (a screen on a terminal, one line per interval otherwise, or JSON Lines), optional
 * Prometheus metrics and pcap recording; on Ctrl-C, SIGTERM, {@code -c} or {@code --duration} it prints the final
 * report in {@code analyze}'s shape and exits 0. This class holds the options, refuses the combinations that do
 * not go together and turns the rest into the pipeline's settings; the session itself, from an interface or a
 * stream, is {@link LiveRun}'s, what it writes to stdout {@link LiveOutput}'s. Not thread safe; one instance per
 * command line, executed once.
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    headerHeading = "%n",
    header = "Track both endpoints' TCP state live, from an interface or a capture stream (-r FILE|-).",
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
        "%nCtrl-C or SIGTERM stops cleanly: the final report, shaped like 'wirestat analyze', and exit 0; a second "
            + "signal exits at once. If the interface goes away the report covers what was seen and the exit code "
            + "is 1 (--retry waits for it instead). If stdout's reader goes away (| head), wirestat exits quietly "
            + "with 141, as a tool killed by SIGPIPE.",
        "%n-r FILE|- reads a capture stream instead (pcap or pcapng, gzip or not; '-' is standard input, e.g. a pipe "
            + "from tcpdump -U -w - on another host): the same view, metrics, -w copy and alerts, with timers on "
            + "the packets' own time and a row every --interval of it (or of wall time while the stream is quiet). "
            + "It ends at the end of the stream with the final report, or on Ctrl-C; --follow reads a file another "
            + "process is still writing, as tail -f does, until Ctrl-C. A stream cut mid-record exits 1.",
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
        "  ssh edge1 sudo tcpdump -i eth0 -U -s 128 -w - tcp | wirestat live -r -",
        "  wirestat live -r /var/tmp/edge1.pcap --follow --interval 10s",
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class LiveCommand implements Callable<Integer>
{
    /**
     * Exit status when stdout's reader went away (EPIPE, e.g. {@code wirestat live ... | head -1}): 128 + SIGPIPE,
     * what a shell reports for a Unix tool killed by SIGPIPE; nothing is printed.
     */
    static final int BROKEN_PIPE = 141;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
        description = "Interface to capture on (see -D); 'any' captures on all of them.")
    String device;

    @Option(names = {"-r", "--read"}, paramLabel = "FILE|-",
        description = "Read packets from a capture stream instead of an interface: a file, or '-' for standard "
            + "input (tcpdump -U -w - | wirestat live -r -). Timers run on the packets' time.")
    Path readFile;

    @Option(names = "--follow",
        description = "With -r FILE: at the end of the file wait for more, as tail -f does (a file tcpdump -U -w is "
            + "still writing), until Ctrl-C.")
    boolean follow;

    /** What '-r -' reads; null for the process's standard input. */
    java.io.InputStream standardInput;

    @Option(names = {"-D", "--list-interfaces"},
        description = "List the interfaces libpcap can capture on, as tcpdump -D does, and exit.")
    boolean listInterfaces;

    @Option(names = {"-s", "--snaplen"}, paramLabel = "BYTES",
        description = "Bytes kept of each packet: enough for the headers. Default: ${DEFAULT-VALUE}.")
    int snaplen = LiveOptions.DEFAULT_SNAPLEN;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "KIB",
        description = "Kernel capture buffer size in KiB (as tcpdump -B). Default: ${DEFAULT-VALUE} (libpcap's own "
            + "2048 holds only ~40 ms of a busy link: a GC pause or a descheduled thread would drop packets).")
    int bufferKib = LiveOptions.DEFAULT_BUFFER_SIZE >> 10;

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
        description = "table (screen or lines, then the final report), jsonl (alert, interval and timeline objects "
            + "each refresh, then the final report's connection and summary objects) or csv (the timeline: a "
            + "header, then one row per refresh in the columns of analyze --timeline). Default: ${DEFAULT-VALUE}.")
    OutputFormat format = OutputFormat.TABLE;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
        description = "Serve Prometheus metrics on http://HOST:PORT/metrics (states per side, the top services' "
            + "CLOSE_WAIT and TIME_WAIT, alerts by kind and severity, packets, drops, evictions, build info; "
            + "docs/fleet.md lists them).")
    String metricsAddress;

    @Option(names = "--group-alerts", paramLabel = "N", defaultValue = "5",
        description = "In the final table, a kind of alert with more than N subjects is printed as one group (its "
            + "advice once, its top N subjects, how many more); jsonl lists every alert. Default: ${DEFAULT-VALUE}.")
    int groupAlerts = AlertTableWriter.GROUP_ABOVE_DEFAULT;

    @Option(names = "--metrics-top-services", paramLabel = "K",
        description = "With --metrics: the K services (server ip:port) with most CLOSE_WAIT, and the K with most "
            + "TIME_WAIT, get series of their own; the rest are summed as service=\"other\". Bounds the series "
            + "whatever the traffic. Default: ${DEFAULT-VALUE}.")
    int metricsTopServices = MetricsSettings.TOP_SERVICES_DEFAULT;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE",
        description = "Also write the captured packets to this pcap file (replay it with wirestat analyze). If it "
            + "cannot be written any more (disk full), tracking goes on and the file keeps the packets written so "
            + "far, a valid pcap; the rest are counted as write_errors.")
    Path writeFile;

    @Option(names = "--write-required",
        description = "Stop the capture (exit 1, with the final report) when the -w file cannot be written, instead "
            + "of tracking on without it.")
    boolean writeRequired;

    @Option(names = "--retry",
        description = "When the interface goes away (deleted, driver reset), wait for it to come back and capture "
            + "again, counting the outage (interface_lost, interface_gap_ms), instead of stopping with exit 1.")
    boolean retry;

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
        if (groupAlerts < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--group-alerts must be 0 or more: " + groupAlerts);
        }
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
        if (readFile != null || follow)
        {
            checkStream();
            return new LiveRun(this, out, err).fromStream();
        }
        if (device == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing interface: -i IFACE (-D lists them)");
        }
        return new LiveRun(this, out, err).fromInterface();
    }

    /**
     * @param in what {@code -r -} reads instead of the process's standard input (in-process tests).
     * @return this.
     */
    LiveCommand standardInput(final java.io.InputStream in)
    {
        this.standardInput = in;
        return this;
    }

    /** {@code live -r FILE|-}: the options that do not go with a stream are usage errors, said before it is read. */
    private void checkStream()
    {
        if (readFile == null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--follow needs -r FILE");
        }
        if (device != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "-i and -r are exclusive: capture from an interface, or read a stream");
        }
        if (follow && CaptureFiles.isStandardInput(readFile))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--follow follows a file; standard input is read to its end anyway");
        }
    }

    /** @return the pipeline's settings, for an interface and for a stream alike. */
    LiveOptions options()
    {
        final LiveOptions options = new LiveOptions();
        options.device = device;
        options.filter = pipeline.filter;
        options.snaplen = snaplen;
        options.bufferSize = bufferKib * 1024;
        options.promiscuous = !noPromiscuous;
        options.count = count;
        options.shards = pipeline.shards;
        // A deeper ring than analyze's: it absorbs a shard's pause while the capture thread keeps reading.
        options.ringSize = spec.commandLine().getParseResult().hasMatchedOption("--ring-size") ?
            pipeline.ringSize : LiveOptions.DEFAULT_RING_SIZE;
        options.writeFile = writeFile;
        options.writeRequired = writeRequired;
        options.retry = retry;
        options.tracker.timeWaitNanos(pipeline.timeWait.toNanos());
        options.tracker.maxConnections(pipeline.maxConnections);
        options.tracker.vlanInKey(!pipeline.ignoreVlan);
        // The timeline's rows (jsonl, csv) need the opens and ends of connections as states are written.
        options.tracker.countStates(true);
        return options;
    }

    /** See {@link PipelineOptions#fitsInHeap}. */
    boolean fitsInHeap(final LiveOptions options, final PrintWriter err)
    {
        return pipeline.fitsInHeap(options.tracker, spec.commandLine().getParseResult()
            .hasMatchedOption("--max-connections"), err);
    }
}
