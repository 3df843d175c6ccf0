package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.OfflineAnalyzer;
import io.wirestat.capture.live.HeapBudget;
import io.wirestat.tracker.TrackerConfig;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Entry points of the {@code wirestat} command line. {@link #main} exits the JVM with the {@link ExitCode};
 * {@link #run} returns it instead, for in-process tests (PMD's {@code mainWithoutExit} shape).
 * <pre>
 *   wirestat                     WirestatCommand (help, version)
 *     +-- analyze FILE...        AnalyzeCommand: SelectionOptions, PipelineOptions, --format
 *     +-- live -i IFACE          LiveCommand: capture, refreshing view, metrics, final report
 *     +-- help [COMMAND]
 * </pre>
 * New subcommands ({@code check}, {@code live}) are added in {@link #commandLine} with their collaborators, and
 * reuse the option mixins. Each call builds its own command objects: calls may run on different threads, but one
 * call is single threaded.
 */
public final class WirestatCli
{
    private static final String ANALYZE = "analyze";
    private static final String CHECK = "check";
    private static final String LIVE = "live";

    private WirestatCli()
    {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args command-line arguments.
     */
    public static void main(final String... args)
    {
        StandardOutput.install();
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the command line without exiting.
     *
     * @param out  standard output (reports, help, version).
     * @param err  standard error (faults, usage errors).
     * @param args command-line arguments.
     * @return the process exit code, one of {@link ExitCode}'s.
     */
    public static int run(final PrintStream out, final PrintStream err, final String... args)
    {
        return run(out, err, OfflineAnalyzer::analyze, args);
    }

    /**
     * Runs the command line with a given report source (tests inject stubs here).
     *
     * @param out      standard output.
     * @param err      standard error.
     * @param analyzer where {@code analyze} gets its report.
     * @param args     command-line arguments.
     * @return the process exit code.
     */
    static int run(final PrintStream out, final PrintStream err, final Analyzer analyzer, final String... args)
    {
        return run(null, out, err, analyzer, args);
    }

    /**
     * Runs the command line with a given standard input (what {@code -} reads) and report source.
     *
     * @param in       standard input, or null for the process's.
     * @param out      standard output.
     * @param err      standard error.
     * @param analyzer where {@code analyze} gets its report.
     * @param args     command-line arguments.
     * @return the process exit code.
     */
    static int run(
        final InputStream in, final PrintStream out, final PrintStream err, final Analyzer analyzer,
        final String... args)
    {
        final PrintWriter outWriter = new PrintWriter(out);
        final PrintWriter errWriter = new PrintWriter(err, true);
        final CommandLine commandLine = commandLine(analyzer, out, args.length > 0 ? args[0] : null);
        if (out == System.out)
        {
            // Only the process's own stdout may be a terminal worth paging; captured output in tests never is.
            for (final CommandLine sub : commandLine.getSubcommands().values())
            {
                if (sub.getCommand() instanceof AnalyzeCommand)
                {
                    ((AnalyzeCommand)sub.getCommand()).terminal(Terminal::stdoutIsTerminal, System.getenv());
                }
            }
        }
        if (in != null)
        {
            for (final CommandLine sub : commandLine.getSubcommands().values())
            {
                if (sub.getCommand() instanceof AnalyzeCommand)
                {
                    ((AnalyzeCommand)sub.getCommand()).standardInput(in);
                }
                else if (sub.getCommand() instanceof LiveCommand)
                {
                    ((LiveCommand)sub.getCommand()).standardInput(in);
                }
            }
        }
        for (final CommandLine sub : commandLine.getSubcommands().values())
        {
            if (sub.getCommand() instanceof AnalyzeCommand)
            {
                ((AnalyzeCommand)sub.getCommand()).processStderr(err == System.err);
            }
        }
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        // Colours only on the real terminal streams, so captured output in tests is plain text.
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(
            out == System.out ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        try
        {
            return outputWritten(commandLine.execute(args), out, outWriter, errWriter);
        }
        catch (final OutOfMemoryError ex)
        {
            // Past HeapBudget's check this is not the flow table: say what the heap was and what the bound needs,
            // not a stack trace (the memory the failed step held is unreachable by now, so printing works).
            errWriter.println("wirestat: out of memory (" + ex.getMessage() + "): " + heapFigures(commandLine));
            return ExitCode.INTERNAL_ERROR.code();
        }
        finally
        {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /**
     * A command that finished as if its output was written, when it was not: PrintStream and PrintWriter swallow a
     * failed write, so without this a full disk would end a truncated report with exit 0.
     *
     * @return the command's code; {@link LiveCommand#BROKEN_PIPE} when stdout's reader went away (quietly, as a
     *         tool stopped by SIGPIPE); {@link ExitCode#OUTPUT} with a message when the write failed otherwise.
     */
    private static int outputWritten(
        final int code, final PrintStream out, final PrintWriter outWriter, final PrintWriter err)
    {
        outWriter.flush();
        out.flush();
        final boolean failed = out.checkError() | outWriter.checkError();
        final java.io.IOException cause = StandardOutput.failureOf(out);
        // live stops on any failed write of its view and exits as for EPIPE: right for a reader gone, not for a
        // full disk, which is said here like analyze's.
        final boolean stoppedAsBrokenPipe = code == LiveCommand.BROKEN_PIPE && cause != null &&
            !StandardOutput.isBrokenPipe(cause);
        if (!failed || !stoppedAsBrokenPipe &&
            code != ExitCode.OK.code() && code != ExitCode.FAULTS.code() && code != ExitCode.ALERT.code())
        {
            return code; // written, or the command already said what went wrong
        }
        if (StandardOutput.isBrokenPipe(cause))
        {
            return LiveCommand.BROKEN_PIPE;
        }
        err.println("wirestat: the report could not be written to standard output" +
            (cause != null ? " (" + cause.getMessage() + ")" : "") + ": what was written before is incomplete");
        return ExitCode.OUTPUT.code();
    }

    /**
     * @param analyzer where {@code analyze} gets its report.
     * @return the configured command tree: exit codes and error handling as documented in {@link ExitCode}.
     */
    static CommandLine commandLine(final Analyzer analyzer)
    {
        return commandLine(analyzer, null);
    }

    /**
     * @param analyzer where {@code analyze} gets its report.
     * @param rawOut   the byte stream under stdout's writer (JSON lines are written to it as UTF-8), or null.
     * @return the configured command tree.
     */
    static CommandLine commandLine(final Analyzer analyzer, final java.io.OutputStream rawOut)
    {
        return commandLine(analyzer, rawOut, null);
    }

    /**
     * The command tree for one run. Reading a subcommand's annotations into its model is most of picocli's share of
     * start-up, so a run whose first argument names a subcommand builds that one alone (a run over demo.pcap 27 ms
     * sooner, 0.366 s against 0.393, paired x20): its parsing, help and errors never look at the others. Any other
     * run (help, version, a misspelt command picocli offers a correction for) builds them all.
     *
     * @param analyzer where {@code analyze} gets its report.
     * @param rawOut   the byte stream under stdout's writer, or null.
     * @param first    the first command-line argument, or null.
     * @return the configured command tree.
     */
    static CommandLine commandLine(final Analyzer analyzer, final java.io.OutputStream rawOut, final String first)
    {
        final boolean all = !ANALYZE.equals(first) && !CHECK.equals(first) && !LIVE.equals(first);
        final CommandLine commandLine = new CommandLine(new WirestatCommand());
        if (all || ANALYZE.equals(first))
        {
            commandLine.addSubcommand(new AnalyzeCommand(analyzer, rawOut));
        }
        if (all || CHECK.equals(first))
        {
            commandLine.addSubcommand(new CheckCommand());
        }
        if (all || LIVE.equals(first))
        {
            commandLine.addSubcommand(new LiveCommand());
        }
        commandLine
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setParameterExceptionHandler(WirestatCli::onUsageError)
            .setExecutionExceptionHandler(WirestatCli::onInternalError);
        commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
        for (final CommandLine sub : commandLine.getSubcommands().values())
        {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand))
            {
                sub.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
            }
        }
        return commandLine;
    }

    /** @return this JVM's heap limit, the table bound asked for and what HeapBudget says it needs, and what to do. */
    static String heapFigures(final CommandLine commandLine)
    {
        int maxConnections = TrackerConfig.MAX_CONNECTIONS_DEFAULT;
        int shards = new AnalysisOptions().shards;
        final CommandLine.ParseResult parsed = commandLine.getParseResult();
        final CommandLine.ParseResult sub = parsed == null ? null : parsed.subcommand();
        if (sub != null)
        {
            maxConnections = sub.matchedOptionValue("--max-connections", maxConnections);
            shards = sub.matchedOptionValue("--shards", shards);
        }
        return String.format("this JVM may use %d MiB of heap; --max-connections %d with %d shard(s) needs about %d "
                + "MiB. Lower --max-connections, or give Java more heap (./wirestat sizes -Xmx from "
                + "--max-connections; WIRESTAT_HEAP=8g sets it; with java -jar, pass -Xmx)",
            Runtime.getRuntime().maxMemory() >> 20, maxConnections, shards,
            HeapBudget.requiredBytes(maxConnections, shards) >> 20);
    }

    /** GNU style: one line saying what is wrong, suggestions for a mistyped option, and where help is. */
    private static int onUsageError(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        err.println("wirestat: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    private static int onInternalError(
        final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        final PrintWriter err = commandLine.getErr();
        err.println("wirestat: internal error: " + ex);
        ex.printStackTrace(err);
        return ExitCode.INTERNAL_ERROR.code();
    }
}
