package io.wirestat.capture.cli;

import io.wirestat.capture.check.CaptureResult;
import io.wirestat.capture.check.CheckOptions;
import io.wirestat.capture.check.CorpusCheck;
import io.wirestat.capture.check.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wirestat check}: replays every capture under some directories and compares each with the expected-results
 * file beside it, printing a verdict per capture, the differences, and a summary; {@code --update} writes the
 * expected files instead. The work is {@link CorpusCheck}'s; this class is the command line around it.
 * Not thread safe; one instance per command line, executed once.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    headerHeading = "%n",
    header = "Replay a corpus of captures and compare each with its expected results.",
    descriptionHeading = "%n",
    description = {
        "Finds every capture under the given directories (recursively: *.pcap, *.pcapng, *.cap, and *.gz files "
            + "holding a capture), replays each through the same pipeline as 'wirestat analyze', and compares "
            + "both endpoints' states and the history of every connection, and the alerts, with the expected file "
            + "beside the capture: <name>.expected for <name>.pcap (or <name>.pcap.expected).",
        "%nPrints one verdict per capture: PASS, FAIL (with each difference: expected and actual line, naming "
            + "the connection or alert), NEW (no expected file: listed, not a failure) or ERROR (unreadable capture "
            + "or expected file); then a summary line.",
        "%nWith --update, writes an expected file for each NEW capture, rewrites those that differ (showing what "
            + "changed) and leaves the others untouched: CREATED, UPDATED, UNCHANGED. Review the changes before "
            + "committing them.",
        "%nAn expected file may hold a line '#options --time-wait 30s -f \"tcp port 80\"': settings that capture "
            + "needs, which override the command line's for it.",
    },
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%nExamples:%n",
    footer = {
        "  wirestat check replay-fixtures/captures/crafted",
        "      the project's own fixtures: every capture must pass",
        "  wirestat check --update incidents/",
        "      record expectations for new captures; review 'git diff' before committing",
        "  wirestat check --time-wait 30s -f 'tcp port 443' corpus/",
        "      replay a corpus with the settings it was recorded with",
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class CheckCommand implements Callable<Integer>
{
    /** Exit code: some capture differs from its expected file. */
    public static final int DIFFERENCES = 1;

    /**
     * The exit codes of check, which differ from analyze's in the meaning of 1. Rendered by this command's own help
     * section so that the command tree's common exit-code list does not replace them.
     */
    static final Map<String, String> EXIT_CODES = exitCodes();

    CommandSpec spec;

    @Option(names = "--update",
        description = "Write an expected file for each capture without one and rewrite those that differ; leave "
            + "the others untouched.")
    boolean update;

    @Mixin
    PipelineOptions pipeline;

    @Parameters(paramLabel = "DIR", arity = "1..*",
        description = "Directories searched recursively for captures (hidden directories are skipped), or capture "
            + "files.")
    List<Path> roots;

    /**
     * picocli injects the spec here; the exit-code section is replaced at the same time.
     *
     * @param spec this command's model.
     */
    @Spec
    void spec(final CommandSpec spec)
    {
        this.spec = spec;
        spec.usageMessage().sectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST,
            help -> help.createTextTable(EXIT_CODES).toString());
    }

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final CheckOptions options = new CheckOptions().update(update).pipeline(pipeline::applyTo);
        final List<CaptureResult> results;
        try
        {
            results = CorpusCheck.run(roots, options, result ->
            {
                out.print(result.describe());
                out.flush();
            });
        }
        catch (final IOException ex)
        {
            err.println("wirestat: " + (ex instanceof NoSuchFileException ?
                ((NoSuchFileException)ex).getFile() + ": No such file or directory" : ex.getMessage()));
            return ExitCode.USAGE.code();
        }
        if (results.isEmpty())
        {
            // A mistyped or emptied corpus must not look like a passing one in CI.
            err.println("wirestat: no capture files found in " + roots);
            return ExitCode.USAGE.code();
        }
        out.println(CorpusCheck.summary(results, update));
        out.flush();

        boolean failed = false;
        for (final CaptureResult r : results)
        {
            if (r.verdict() == Verdict.ERROR)
            {
                return ExitCode.USAGE.code();
            }
            failed |= r.verdict().failure();
        }
        return failed ? DIFFERENCES : ExitCode.OK.code();
    }

    private static Map<String, String> exitCodes()
    {
        final Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(ExitCode.OK.code()), "every capture with an expected file passed (NEW ones "
            + "are listed, not failed); with --update: every expected file was written or up to date");
        codes.put(Integer.toString(DIFFERENCES), "some capture differs from its expected file");
        codes.put(Integer.toString(ExitCode.USAGE.code()), "usage error, no capture found, or a capture or "
            + "expected file that cannot be read (ERROR)");
        codes.put(Integer.toString(ExitCode.INTERNAL_ERROR.code()), ExitCode.INTERNAL_ERROR.description());
        return codes;
    }
}
