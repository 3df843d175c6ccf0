package io.wirestat.capture.check;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.OfflineAnalyzer;
import io.wirestat.capture.file.CaptureFile;
import io.wirestat.capture.file.CaptureFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Regression checks over a corpus of captures: finds every capture under some directories, replays each through
 * the real offline pipeline ({@link OfflineAnalyzer}, exactly what {@code wirestat analyze} runs), and compares the
 * connections and alerts with the {@link ExpectedFile} beside it; or, with {@link CheckOptions#update}, writes
 * them. What {@code wirestat check}, the project's own fixture tests and the JUnit helper all run.
 * <p>
 * Captures are files named {@code *.pcap}, {@code *.pcapng}, {@code *.cap} (read by content, whatever the name
 * says), and {@code *.gz} files whose content is a capture. Hidden directories are not entered. A capture's
 * expected file is {@code <capture name>.expected} if it exists, else {@code <stem>.expected} where the stem is the
 * name without {@code .gz} and the capture extension ({@code trace.pcap.gz} → {@code trace.expected}); new files
 * are written as {@code <stem>.expected}, or as {@code <capture name>.expected} when two captures in a directory
 * share a stem.
 * <p>
 * Stateless; thread safe as far as {@link OfflineAnalyzer} is. Captures are checked one after another.
 */
public final class CorpusCheck
{
    private static final List<String> EXTENSIONS = List.of(".pcap", ".pcapng", ".cap");
    private static final String GZ = ".gz";

    private CorpusCheck()
    {
    }

    /**
     * Checks every capture under a directory.
     *
     * @param dir     a directory (searched recursively) or a capture file.
     * @param options how.
     * @return one result per capture, in path order.
     * @throws IOException if the directory cannot be read.
     */
    public static List<CaptureResult> run(final Path dir, final CheckOptions options) throws IOException
    {
        return run(List.of(dir), options, result -> { });
    }

    /**
     * Checks every capture under some directories, one after another.
     *
     * @param roots    directories (searched recursively) or capture files, in order.
     * @param options  how.
     * @param listener told of each result as soon as it is known (the CLI prints it).
     * @return one result per capture, in order of the roots, then of paths.
     * @throws IOException if a root does not exist or a directory cannot be read.
     */
    public static List<CaptureResult> run(
        final List<Path> roots, final CheckOptions options, final Consumer<CaptureResult> listener) throws IOException
    {
        final List<CaptureResult> results = new ArrayList<>();
        for (final CorpusEntry entry : discover(roots))
        {
            final CaptureResult result = check(entry, options);
            listener.accept(result);
            results.add(result);
        }
        return results;
    }

    /**
     * Finds the captures under some directories and their expected files, without replaying anything.
     *
     * @param roots directories (searched recursively) or capture files (taken whatever their name).
     * @return the captures, in order of the roots, then of paths; each once.
     * @throws IOException if a root does not exist or a directory cannot be read.
     */
    public static List<CorpusEntry> discover(final List<Path> roots) throws IOException
    {
        final List<CorpusEntry> entries = new ArrayList<>();
        for (final Path root : roots)
        {
            if (Files.isRegularFile(root))
            {
                entries.add(entryFor(root, false));
            }
            else if (Files.isDirectory(root))
            {
                final List<Path> captures = capturesUnder(root);
                final Map<Path, Integer> stems = new HashMap<>();
                for (final Path capture : captures)
                {
                    stems.merge(capture.resolveSibling(stem(capture) + ExpectedFile.SUFFIX), 1, Integer::sum);
                }
                for (final Path capture : captures)
                {
                    final Path byStem = capture.resolveSibling(stem(capture) + ExpectedFile.SUFFIX);
                    final boolean sharedStem = stems.get(byStem) > 1;
                    entries.add(entryFor(capture, sharedStem));
                }
            }
            else
            {
                throw new NoSuchFileException(root.toString(), null, "No such file or directory");
            }
        }
        final List<CorpusEntry> unique = new ArrayList<>(entries.size());
        final Set<Path> seen = new HashSet<>();
        for (final CorpusEntry e : entries)
        {
            if (seen.add(e.capture().toAbsolutePath().normalize()))
            {
                unique.add(e);
            }
        }
        return unique;
    }

    /**
     * Checks (or, with {@link CheckOptions#update}, updates) one capture: reads its expected file, replays it with
     * the options (the expected file's {@code #options} win), gets its alerts and compares.
     *
     * @param entry   the capture and its expected file.
     * @param options how.
     * @return the result; problems with the files are an {@link Verdict#ERROR} result, not an exception.
     */
    public static CaptureResult check(final CorpusEntry entry, final CheckOptions options)
    {
        if (!entry.expected() && !options.update)
        {
            return new CaptureResult(entry, Verdict.NEW, List.of(), List.of(), null, null);
        }
        final ExpectedFile expected;
        try
        {
            expected = entry.expected() ? ExpectedFile.read(entry.expectedFile()) : null;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return error(entry, "cannot read expected file: " + message(ex));
        }
        final List<String> headerOptions = expected == null ? List.of() : expected.options();

        final AnalysisOptions analysis = new AnalysisOptions();
        options.pipeline.accept(analysis);
        analysis.files.clear();
        analysis.files.add(entry.capture());
        final AnalysisReport report;
        try
        {
            HeaderOptions.apply(headerOptions, analysis);
            report = OfflineAnalyzer.analyze(analysis);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return error(entry, message(ex));
        }
        final ExpectedFile actual = ActualResults.of(report.connections(), options.alerts.alerts(report, analysis))
            .withOptions(headerOptions);

        final List<String> differences = expected == null ? List.of() : expected.diff(actual);
        final Verdict verdict;
        if (!options.update)
        {
            verdict = differences.isEmpty() ? Verdict.PASS : Verdict.FAIL;
        }
        else if (expected != null && differences.isEmpty())
        {
            verdict = Verdict.UNCHANGED;
        }
        else
        {
            try
            {
                actual.write(entry.expectedFile());
            }
            catch (final UncheckedIOException ex)
            {
                return error(entry, "cannot write " + entry.expectedFile() + ": " + message(ex.getCause()));
            }
            verdict = expected == null ? Verdict.CREATED : Verdict.UPDATED;
        }
        return new CaptureResult(entry, verdict, differences, report.faults(), null, actual);
    }

    /**
     * @param results check results.
     * @param update  true if they are from {@code --update}.
     * @return one summary line, e.g. {@code check: 35 passed, 1 failed, 1 new, 0 errors (37 captures)}.
     */
    public static String summary(final List<CaptureResult> results, final boolean update)
    {
        final Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (final CaptureResult r : results)
        {
            counts.merge(r.verdict(), 1, Integer::sum);
        }
        final int captures = results.size();
        final String tail = ", " + plural(counts.getOrDefault(Verdict.ERROR, 0), "error") + " (" +
            plural(captures, "capture") + ")";
        if (update)
        {
            return "update: " + counts.getOrDefault(Verdict.CREATED, 0) + " created, " +
                counts.getOrDefault(Verdict.UPDATED, 0) + " updated, " +
                counts.getOrDefault(Verdict.UNCHANGED, 0) + " unchanged" + tail;
        }
        return "check: " + counts.getOrDefault(Verdict.PASS, 0) + " passed, " +
            counts.getOrDefault(Verdict.FAIL, 0) + " failed, " + counts.getOrDefault(Verdict.NEW, 0) + " new" + tail;
    }

    private static String plural(final int n, final String noun)
    {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static CaptureResult error(final CorpusEntry entry, final String message)
    {
        return new CaptureResult(entry, Verdict.ERROR, List.of(), List.of(), message, null);
    }

    private static String message(final Throwable ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return ((NoSuchFileException)ex).getFile() + ": No such file or directory";
        }
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }

    private static CorpusEntry entryFor(final Path capture, final boolean sharedStem)
    {
        final Path byName = capture.resolveSibling(capture.getFileName() + ExpectedFile.SUFFIX);
        if (Files.isRegularFile(byName))
        {
            return new CorpusEntry(capture, byName, true);
        }
        final Path byStem = capture.resolveSibling(stem(capture) + ExpectedFile.SUFFIX);
        if (!sharedStem && Files.isRegularFile(byStem))
        {
            return new CorpusEntry(capture, byStem, true);
        }
        return new CorpusEntry(capture, sharedStem ? byName : byStem, false);
    }

    /** The name without {@code .gz} and then without a capture extension: {@code a.pcap.gz} → {@code a}. */
    static String stem(final Path capture)
    {
        String name = capture.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(GZ) && name.length() > GZ.length())
        {
            name = name.substring(0, name.length() - GZ.length());
        }
        final String lower = name.toLowerCase(Locale.ROOT);
        for (final String ext : EXTENSIONS)
        {
            if (lower.endsWith(ext) && name.length() > ext.length())
            {
                return name.substring(0, name.length() - ext.length());
            }
        }
        final int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Path> capturesUnder(final Path dir) throws IOException
    {
        final List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult preVisitDirectory(final Path d, final BasicFileAttributes attrs)
            {
                final boolean hidden = !d.equals(dir) && d.getFileName().toString().startsWith(".");
                return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
            {
                if (attrs.isRegularFile() && isCapture(file))
                {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    private static boolean isCapture(final Path file)
    {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (final String ext : EXTENSIONS)
        {
            if (name.endsWith(ext))
            {
                return true;
            }
        }
        // A .gz may be anything (logs, tarballs): it counts only if a capture is inside.
        return name.endsWith(GZ) && opensAsCapture(file);
    }

    private static boolean opensAsCapture(final Path file)
    {
        try (CaptureFile ignored = CaptureFiles.open(file))
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
