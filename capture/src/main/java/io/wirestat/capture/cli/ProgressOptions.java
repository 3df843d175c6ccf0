package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisProgress;
import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.progress.ProgressMeter;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --progress} and {@code --quiet} of {@code analyze}, and the decision they lead to: whether a
 * {@link ProgressMeter} runs, and from how many bytes on. Not thread safe; filled by picocli, then read once.
 * <p>
 * Two system properties exist for tests only, so that a small generated file is enough:
 * {@code wirestat.progress.minBytes} (the size from which auto shows the line) and
 * {@code wirestat.progress.intervalMillis} (the redraw interval).
 */
public final class ProgressOptions
{
    /** Input from which auto mode shows the line: below it a run is over in about a second. */
    static final long AUTO_MIN_BYTES = 100_000_000L;

    @Option(names = "--progress", paramLabel = "WHEN",
        description = "A one-line progress display on stderr, rewritten in place (percent of the input read, "
            + "packets/s, connections tracked, elapsed time and ETA; then 'writing report...'), blanked before the "
            + "report: ${COMPLETION-CANDIDATES}. auto shows it when stderr is a terminal and the input is larger "
            + "than 100 MB (standard input: once 100 MB were read; no percent or ETA then); always shows it "
            + "whatever stderr is; never does not. For gzip files the percent is of the compressed bytes. "
            + "Default: ${DEFAULT-VALUE}.")
    ProgressMode mode = ProgressMode.AUTO;

    @Option(names = {"-q", "--quiet"},
        description = "No progress display, whatever --progress says. Faults and errors are still printed.")
    boolean quiet;

    /**
     * @param err              stderr's writer.
     * @param stderrIsTerminal whether that writer is the process's stderr and a terminal.
     * @param files            the input files ({@code -} for standard input).
     * @param progress         what the analysis will publish.
     * @return a running meter, or {@link ProgressMeter#OFF}.
     */
    ProgressMeter start(
        final PrintWriter err, final boolean stderrIsTerminal, final List<Path> files,
        final AnalysisProgress progress)
    {
        if (quiet || mode == ProgressMode.NEVER || (mode == ProgressMode.AUTO && !stderrIsTerminal))
        {
            return ProgressMeter.OFF;
        }
        final long total = totalBytes(files);
        final long minBytes = mode == ProgressMode.ALWAYS ? 0 : Long.getLong("wirestat.progress.minBytes",
            AUTO_MIN_BYTES);
        if (total >= 0 && total < minBytes)
        {
            return ProgressMeter.OFF;
        }
        final long interval = TimeUnit.MILLISECONDS.toNanos(Long.getLong("wirestat.progress.intervalMillis",
            TimeUnit.NANOSECONDS.toMillis(ProgressMeter.INTERVAL_NANOS_DEFAULT)));
        // Size known and large: from the start. Unknown (standard input): once minBytes have been read.
        return ProgressMeter.start(err, progress, total, total >= 0 ? 0 : minBytes, interval);
    }

    /** @return the files' sizes summed, or -1 when one is standard input (or cannot be sized: it will not open). */
    static long totalBytes(final List<Path> files)
    {
        long total = 0;
        for (final Path file : files)
        {
            if (CaptureFiles.isStandardInput(file))
            {
                return -1;
            }
            try
            {
                total += Files.size(file);
            }
            catch (final IOException ex)
            {
                return -1;
            }
        }
        return total;
    }
}
