package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.FileFault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirestat analyze}: reads capture files through the offline pipeline and prints both endpoints' state of
 * every connection as of the last frame, with counts and counters; faults go to stderr. The report comes from an
 * injected {@link Analyzer} so that rendering and exit codes are testable without the pipeline.
 * Not thread safe; one instance per command line, executed once.
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
            + "in the order given, and prints what holds at its last frame:",
        "%n1. Per-state counts of the shown connections, client side and server side: what `netstat -nat` on the "
            + "client hosts and on the server hosts would count.",
        "%n2. A connection table like `ss -tan` with both endpoints' states, first and last packet (UTC), packets "
            + "and payload bytes each way (C- sent by the client, S- by the server) and the Zeek-style history "
            + "(upper case: client, lower case: server). Connections closed on both sides are hidden, as ss hides "
            + "them, unless --all or a --state selection that includes closed.",
        "%n3. The counters of the whole capture (frames, segments, skipped frames by reason, connections, port "
            + "reuses, ...), whatever the selection.",
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
        "  wirestat analyze -f 'tcp port 443' --state synchronized trace.pcap",
        "      HTTPS connections with an endpoint past the handshake",
        "  wirestat analyze --host 10.0.0.0/8 --port 5432 --state bucket trace.pcap",
        "      Postgres connections of 10/8 in SYN_RECV or TIME_WAIT on either side",
        "  wirestat analyze --format jsonl trace.pcap | jq 'select(.partial)'",
        "      machine-readable records, one JSON object per line",
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class AnalyzeCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "Output format: ${COMPLETION-CANDIDATES}. table is for people; jsonl writes one JSON object "
            + "per connection (closed ones included) and then a summary object. Default: ${DEFAULT-VALUE}.")
    OutputFormat format = OutputFormat.TABLE;

    @Mixin
    PipelineOptions pipeline;

    @Parameters(paramLabel = "FILE", arity = "1..*",
        description = "Capture files (pcap, pcapng, either gzip-compressed), analysed as one continuous capture.")
    List<Path> files;

    private final Analyzer analyzer;

    /**
     * @param analyzer where the report comes from ({@code OfflineAnalyzer::analyze} outside tests).
     */
    public AnalyzeCommand(final Analyzer analyzer)
    {
        this.analyzer = analyzer;
    }

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final AnalysisOptions options = new AnalysisOptions();
        options.files.addAll(files);
        pipeline.applyTo(options);

        final AnalysisReport report;
        try
        {
            report = analyzer.analyze(options);
        }
        catch (final IOException ex)
        {
            err.println("wirestat: " + describe(ex));
            return ExitCode.USAGE.code();
        }
        catch (final IllegalArgumentException ex)
        {
            // A filter expression libpcap cannot compile, or settings the pipeline rejects: the user's to fix.
            err.println("wirestat: " + ex.getMessage());
            return ExitCode.USAGE.code();
        }

        final PrintWriter out = spec.commandLine().getOut();
        final ConnectionFilter filter = selection.filter();
        if (format == OutputFormat.JSONL)
        {
            new JsonlReportWriter(out, filter).write(report, options.files);
        }
        else
        {
            new TableReportWriter(out, filter, selection.showClosed()).write(report, options.files);
        }
        out.flush();

        for (final FileFault fault : report.faults())
        {
            err.println("wirestat: " + fault);
        }
        return report.hasFaults() ? ExitCode.FAULTS.code() : ExitCode.OK.code();
    }

    /** The JDK's messages for the common cases are the bare path; say what is wrong with it, as cat(1) does. */
    private static String describe(final IOException ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return ((NoSuchFileException)ex).getFile() + ": No such file or directory";
        }
        if (ex instanceof AccessDeniedException)
        {
            return ((AccessDeniedException)ex).getFile() + ": Permission denied";
        }
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }
}
