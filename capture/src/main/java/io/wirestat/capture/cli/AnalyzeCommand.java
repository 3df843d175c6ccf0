package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisProgress;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.FileFault;
import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.progress.ProgressMeter;
import io.wirestat.capture.progress.TerminalStreams;
import io.wirestat.capture.report.prometheus.MetricsSettings;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * {@code wirestat analyze}: reads capture files through the offline pipeline and prints both endpoints' state of
 * every connection as of the last frame, with counts, counters and the detectors' alerts; faults go to stderr. The
 * report comes from an injected {@link Analyzer} so that rendering and exit codes are testable without the pipeline.
 * This class holds the options and the run's order; the options' rules are in {@link AnalyzeOptionChecks}, the
 * report's formats in {@link AnalyzeReportWriter}, the {@code --html} and {@code --metrics-file} files in
 * {@link AnalyzeSideFiles}. Not thread safe; one instance per command line, executed once.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    headerHeading = "%n",
    header = "Infer both endpoints' TCP state for every connection in capture files.",
    descriptionHeading = "%n",
    description = {
        "Reads one or more capture files (pcap or pcapng, optionally gzip-compressed) as one continuous capture, "
            + "in the order given, and prints what holds at its last frame. '-' reads a capture from standard input "
            + "to its end (tcpdump -w - | wirestat analyze -), as a file in that place of the order:",
        "%n1. Per-state counts of the shown connections, client side and server side: what `netstat -nat` on the "
            + "client hosts and on the server hosts would count.",
        "%n2. Alerts, most severe first: what hurts in production, from every connection whatever the selection "
            + "(stuck CLOSE_WAIT leaks by service, unfinished closes, TIME_WAIT pile-ups against the ephemeral port "
            + "range, unanswered or flooded handshakes, dead peers, resets after data, one-directional captures). "
            + "A kind with more than --group-alerts subjects is one group: its advice once, its top subjects, how "
            + "many more. --alerts-only prints them alone; --fail-on makes them an exit code.",
        "%n3. A connection table like `ss -tan` with both endpoints' states, first and last packet (UTC), packets "
            + "and payload bytes each way (C- sent by the client, S- by the server) and the Zeek-style history "
            + "(upper case: client, lower case: server); the connections the alerts point at first (--sort, -r, "
            + "--limit change that). Connections closed on both sides are hidden, as ss hides them, unless --all or "
            + "a --state selection that includes closed. --group-by KEY prints one row per group instead.",
        "%n4. The counters of the whole capture (frames, segments, skipped frames by reason, connections, port "
            + "reuses, ...), whatever the selection.",
        "%nOn a terminal the report goes through a pager ($WIRESTAT_PAGER, $PAGER, else less -FRSX; --no-pager), "
            + "so its first screen is the summary and the alerts. Counts above 9,999 have thousands separators "
            + "(never in jsonl or csv).",
        "%nFaults in the input (truncated or corrupt records) go to stderr as "
            + "'wirestat: FILE: message at byte offset N'; the report covers everything read before them.",
    },
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%nExamples:%n",
    footer = {
        "  wirestat analyze trace.pcap",
        "      every connection still open at the end of trace.pcap, both sides' states",
        "  wirestat analyze --state close-wait --side server day1.pcapng day2.pcapng.gz",
        "      servers stuck in CLOSE_WAIT across two consecutive captures",
        "  ssh edge1 sudo tcpdump -U -s 128 -c 100000 -w - tcp | wirestat analyze -",
        "      a capture read from standard input ('-'), here a remote host's, never written to disk",
        "  wirestat analyze -f 'tcp port 443' --state synchronized trace.pcap",
        "      HTTPS connections with an endpoint past the handshake",
        "  wirestat analyze --host 10.0.0.0/8 --port 5432 --state bucket trace.pcap",
        "      Postgres connections of 10/8 in SYN_RECV or TIME_WAIT on either side",
        "  wirestat analyze --group-by service --state close-wait trace.pcap",
        "      who leaks CLOSE_WAIT: services by their CLOSE_WAIT sockets (and their clients' FIN_WAIT_2)",
        "  wirestat analyze --sort state-age --limit 20 trace.pcap",
        "      the 20 connections longest in their current state",
        "  wirestat analyze --group-by client-net/24 --format csv trace.pcap > nets.csv",
        "      per-state counts of each client /24, for a spreadsheet",
        "  wirestat analyze --format jsonl trace.pcap | jq 'select(.partial)'",
        "      machine-readable records, one JSON object per line",
        "  wirestat analyze --format csv --timeline 1s trace.pcap > states.csv",
        "      per-state counts of both sides at the end of every second of packet time, with opens, closes,",
        "      resets and retransmissions in it (pandas.read_csv reads it as is)",
        "  wirestat analyze --html report.html trace.pcap",
        "      one self-contained page: states over time, every alert with its connections' timelines, a table",
        "  wirestat analyze --alerts-only --fail-on stuck_close_wait,syn_flood trace.pcap",
        "      only the alerts; exit 4 if a CLOSE_WAIT leak or a SYN flood was found (CI gate)",
        "  wirestat analyze --alerts-only --metrics-file wirestat.prom trace.pcap",
        "      the result as Prometheus metrics, for node_exporter's textfile collector (cron)",
        "  wirestat analyze --format jsonl day.pcap.gz > day.jsonl",
        "      on a terminal, a line on stderr says how far a large capture is read (percent, packets/s, ETA)",
        "  wirestat analyze --port-range 1024-65535 --close-wait-after 5m trace.pcap",
        "      thresholds to match the hosts' sysctls and the service's patience",
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class AnalyzeCommand implements Callable<Integer>
{
    /** The timeline's interval for --html when --timeline does not say. */
    private static final Duration HTML_INTERVAL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "Output format: ${COMPLETION-CANDIDATES}. table is for people; jsonl writes one JSON object "
            + "per connection (closed ones included), per alert, and then a summary object (with --group-by: one "
            + "object per group); zeek writes a Zeek conn.log (conn_state, history) that zeek-cut reads; csv "
            + "writes the connection table (or the --group-by rows) as RFC 4180 CSV with a header row. "
            + "Default: ${DEFAULT-VALUE}.")
    OutputFormat format = OutputFormat.TABLE;

    @Mixin
    LayoutOptions layout;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    DetectorOptions detection;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--metrics-file", paramLabel = "FILE",
        description = "Also write the result as Prometheus metrics (text format, the same series as live "
            + "--metrics) to FILE, through a temporary file renamed into place: for node_exporter's textfile "
            + "collector (FILE in its directory, ending in .prom).")
    Path metricsFile;

    @Option(names = "--metrics-top-services", paramLabel = "K",
        description = "With --metrics-file: the K services with most CLOSE_WAIT, and the K with most TIME_WAIT, "
            + "get series of their own; the rest are summed as service=\"other\". Default: ${DEFAULT-VALUE}.")
    int metricsTopServices = MetricsSettings.TOP_SERVICES_DEFAULT;

    @Option(names = "--timeline", paramLabel = "INTERVAL", converter = DurationConverter.class,
        description = "Also report states over time, on packet time: one row per INTERVAL (100ms, 1s, 1m; rows end "
            + "on multiples of it, the last at the last frame) with the endpoints in each state at the row's end on "
            + "both sides, connections opened (active, passive), closed and reset, SYN and data retransmissions, "
            + "the alerts that first fired, and the TIME_WAIT peak per destination against the port range. table: "
            + "lines before the report; jsonl: {\"type\":\"timeline\"} objects before the summary; csv: the rows "
            + "alone, with a header.")
    Duration timeline;

    @Option(names = "--html", paramLabel = "FILE",
        description = "Also write a self-contained HTML report to FILE (opens offline, no network request): "
            + "states over time per side, the top services by CLOSE_WAIT and TIME_WAIT, every alert with its "
            + "sample connections' timelines, a sortable connection table. Uses --timeline's interval, else 1s.")
    Path html;

    @Option(names = "--html-connections", paramLabel = "N",
        description = "With --html: the table holds the first N connections in the chosen order (the page says "
            + "how many more there are). Default: ${DEFAULT-VALUE}.")
    int htmlConnections = 2000;

    @Option(names = "--html-order", paramLabel = "ORDER",
        description = "With --html: which connections the table keeps: first-seen, state-age (longest in its "
            + "state first), packets or bytes (most first). Default: ${DEFAULT-VALUE}.")
    String htmlOrder = "first-seen";

    @Parameters(paramLabel = "FILE", arity = "1..*",
        description = "Capture files (pcap, pcapng, either gzip-compressed), analysed as one continuous capture. "
            + "'-' is standard input, at most once (a file named - is ./-).")
    List<Path> files;

    /** What '-' reads; null for the process's standard input. */
    private InputStream standardInput;
    /** Whether the process's stdout is a terminal (only asked when the report goes there: {@link WirestatCli#main}). */
    private BooleanSupplier stdoutIsTerminal = () -> false;
    /** Where the pager's name is looked up. */
    private Map<String, String> environment = System.getenv();
    /** Whether picocli's err writer is the process's stderr (not a test's buffer): only then can it be a terminal. */
    private boolean processErr;
    /** The progress line while this command runs ({@link ProgressMeter#OFF} when none is shown). */
    private ProgressMeter meter = ProgressMeter.OFF;

    private final Analyzer analyzer;
    private final OutputStream rawOut;

    /**
     * @param analyzer where the report comes from ({@code OfflineAnalyzer::analyze} outside tests).
     */
    public AnalyzeCommand(final Analyzer analyzer)
    {
        this(analyzer, null);
    }

    /**
     * @param analyzer where the report comes from.
     * @param rawOut   the byte stream under picocli's stdout writer, for JSON lines written as UTF-8 bytes
     *                 (null: write through the writer).
     */
    public AnalyzeCommand(final Analyzer analyzer, final OutputStream rawOut)
    {
        this.analyzer = analyzer;
        this.rawOut = rawOut;
    }

    /**
     * @param in what {@code -} reads instead of the process's standard input (in-process tests).
     * @return this.
     */
    AnalyzeCommand standardInput(final InputStream in)
    {
        this.standardInput = in;
        return this;
    }

    /**
     * @param terminal whether stdout is a terminal (then the table goes through a pager).
     * @param env      the environment the pager is chosen from.
     * @return this.
     */
    AnalyzeCommand terminal(final BooleanSupplier terminal, final Map<String, String> env)
    {
        this.stdoutIsTerminal = terminal;
        this.environment = env;
        return this;
    }

    /**
     * @param err whether the command's stderr writer is the process's stderr: only then can it be a terminal.
     * @return this.
     */
    AnalyzeCommand processStderr(final boolean err)
    {
        this.processErr = err;
        return this;
    }

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        validateLayout();
        if (files.stream().filter(CaptureFiles::isStandardInput).count() > 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "'-' (standard input) given more than once: a stream can be read only once");
        }
        final AnalysisOptions options = new AnalysisOptions();
        options.files.addAll(files);
        options.standardInput = standardInput;
        pipeline.applyTo(options);
        final String timelineProblem =
            AnalyzeOptionChecks.timelineProblem(timeline, format, layout, htmlConnections, htmlOrder);
        if (timelineProblem != null)
        {
            err.println("wirestat: " + timelineProblem);
            err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE.code();
        }
        if (timeline != null || html != null)
        {
            options.tracker.timelineNanos(timeline != null ? timeline.toNanos() : HTML_INTERVAL.toNanos());
        }
        if (!pipeline.fitsInHeap(options.tracker,
            spec.commandLine().getParseResult().hasMatchedOption("--max-connections"), err))
        {
            return ExitCode.USAGE.code();
        }
        final DetectorConfig detectorConfig;
        final Set<String> failOn;
        try
        {
            detectorConfig = detection.config(options.tracker.timeWaitNanos());
            failOn = detection.failOnKinds();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("wirestat: " + ex.getMessage());
            err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE.code();
        }

        options.progress = new AnalysisProgress();
        meter = progress.start(err, processErr && TerminalStreams.isStandardError(), options.files,
            options.progress);
        try
        {
            return analyzeAndReport(options, detectorConfig, failOn);
        }
        finally
        {
            meter.stop();
        }
    }

    private int analyzeAndReport(
        final AnalysisOptions options, final DetectorConfig detectorConfig, final Set<String> failOn)
        throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final AnalysisReport report;
        try
        {
            report = analyzer.analyze(options);
        }
        catch (final IOException ex)
        {
            meter.stop();
            err.println("wirestat: " + IoMessages.describe(ex));
            return ExitCode.USAGE.code();
        }
        catch (final IllegalArgumentException ex)
        {
            // A filter expression libpcap cannot compile, or settings the pipeline rejects: the user's to fix.
            meter.stop();
            err.println("wirestat: " + ex.getMessage());
            return ExitCode.USAGE.code();
        }
        meter.writingReport();

        // On a terminal shared with the progress line, the report's first byte (or the pager's start) blanks the
        // line first; into a file or a pipe, the line stays up ('writing report...') until the report is written.
        // stdout is asked only when a line is shown: a small or quiet run never loads what the question needs.
        final boolean sharedTerminal = meter != ProgressMeter.OFF && stdoutIsTerminal.getAsBoolean();
        final PrintWriter stdout = sharedTerminal ? new PrintWriter(meter.guard(spec.commandLine().getOut())) :
            spec.commandLine().getOut();
        final OutputStream rawOut = sharedTerminal && this.rawOut != null ? meter.guard(this.rawOut) : this.rawOut;
        final AnalyzeReportWriter.Written written =
            new AnalyzeReportWriter(format, layout, selection, detection.alertsOnly)
                .timeline(timeline != null, html != null)
                .pager(stdoutIsTerminal, environment, meter)
                .write(stdout, rawOut, report, options.files, detectorConfig);
        meter.stop();

        final AnalyzeSideFiles sideFiles =
            new AnalyzeSideFiles(html, htmlConnections, htmlOrder, metricsFile, metricsTopServices);
        if (html != null && !sideFiles.writeHtml(err, options, report, written, detectorConfig))
        {
            return ExitCode.USAGE.code();
        }
        for (final FileFault fault : report.faults())
        {
            err.println("wirestat: " + fault);
        }
        if (metricsFile != null && !sideFiles.writeMetrics(err, report, written.alerts(), detectorConfig))
        {
            return ExitCode.USAGE.code();
        }
        for (final Alert alert : written.alerts())
        {
            if (failOn.contains(alert.kind()))
            {
                return ExitCode.ALERT.code();
            }
        }
        return report.hasFaults() ? ExitCode.FAULTS.code() : ExitCode.OK.code();
    }

    /** Option combinations that make no sense are usage errors (exit 2), said before anything is read. */
    private void validateLayout()
    {
        final String problem = AnalyzeOptionChecks.layoutProblem(format, layout, detection.alertsOnly);
        if (problem != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        }
    }
}
