package io.wirestat.capture.cli;

import io.wirestat.capture.progress.Screen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code analyze --progress}: forced on, the line is redrawn in place on stderr while the capture is read, then says
 * the report is being written, and is blanked; stdout is byte for byte what it is without it. In auto mode nothing is
 * drawn when stderr is not a terminal (a test's buffer, a pipe), or with --quiet; on a pseudo-terminal it is, in a
 * real process. The input is a real kernel capture repeated in time (4.6 MB), so that reading it spans several
 * redraws at the 1 ms interval the test hook sets.
 */
class ProgressCliTest
{
    private static final Path PILEUP = fixture("replay-fixtures/captures/kernel/close_wait_pileup.pcap");
    private static final int COPIES = 12;
    /** A drawn reading line: percent, sizes, rate, connections, elapsed, ETA. */
    private static final Pattern READING = Pattern.compile(
        " *\\d{1,3}%  +\\S+ of \\S+  +\\S+ pkt/s  +\\S+ conns  \\d+:\\d\\d elapsed  ETA ((\\d+:)?\\d+:\\d\\d|--:--) *");
    /** The reading line when the size is unknown (standard input). */
    private static final Pattern READING_STREAM = Pattern.compile(
        " *\\S+ read  +\\S+ pkts  +\\S+ pkt/s  +\\S+ conns  \\d+:\\d\\d elapsed *");
    private static final Pattern WRITING = Pattern.compile("writing report\\.\\.\\.  +\\S+ conns  \\d+:\\d\\d elapsed *");

    @TempDir
    static Path dir;

    private static Path capture;

    private String out = "";
    private String err = "";

    @BeforeEach
    void hooks() throws IOException
    {
        if (capture == null)
        {
            capture = repeated(PILEUP, COPIES, dir.resolve("repeated.pcap"));
        }
        System.setProperty("wirestat.progress.intervalMillis", "1");
    }

    @AfterEach
    void clearHooks()
    {
        System.clearProperty("wirestat.progress.intervalMillis");
        System.clearProperty("wirestat.progress.minBytes");
    }

    @Test
    void shouldRedrawTheLineWhileReadingThenBlankItAndLeaveStdoutAsWithout()
    {
        for (final String format : List.of("jsonl", "table"))
        {
            assertEquals(ExitCode.OK.code(), run("analyze", "--format", format, "--progress=never", capture.toString()));
            assertEquals("", err, "never: nothing on stderr");
            final String without = out;

            assertEquals(ExitCode.OK.code(), run("analyze", "--format", format, "--progress=always",
                capture.toString()), this::dump);
            assertEquals(without, out, "stdout is the same bytes with the progress line");
            final List<String> draws = draws(err);
            final long reading = draws.stream().filter(d -> READING.matcher(d).matches()).count();
            assertTrue(reading >= 1, "redrawn while reading: " + draws);
            assertTrue(draws.size() >= 2, "at least a reading line and the report's: " + draws);
            assertTrue(WRITING.matcher(draws.get(draws.size() - 1)).matches(), "the report phase last: " + draws);
            for (final String draw : draws)
            {
                assertTrue(READING.matcher(draw).matches() || WRITING.matcher(draw).matches(), draw);
            }
            assertFalse(err.contains("\n"), "one line, rewritten in place: " + err);
            assertTrue(err.matches("(?s).*\r +\r"), "ends with the line blanked, cursor at column 0: " + err);
            assertEquals("", new Screen().write(err).all());
        }
    }

    @Test
    void shouldTeachTheOptionsInTheHelp()
    {
        assertEquals(ExitCode.OK.code(), run("analyze", "--help"));
        assertTrue(out.contains("--progress=WHEN"), out);
        assertTrue(out.contains("always, auto, never"), out);
        assertTrue(out.contains("-q, --quiet"), out);
        assertEquals(ExitCode.USAGE.code(), run("analyze", "--progress=sometimes", capture.toString()));
        assertTrue(err.startsWith("wirestat: Invalid value for option '--progress'"), err);
    }

    @Test
    void shouldShowBytesAndPacketsWithoutPercentForStandardInput() throws IOException
    {
        final byte[] bytes = Files.readAllBytes(capture);
        assertEquals(ExitCode.OK.code(), run(bytes, "analyze", "--format", "jsonl", "--progress=never", "-"));
        final String without = out;
        assertEquals(ExitCode.OK.code(), run(bytes, "analyze", "--format", "jsonl", "--progress=always", "-"),
            this::dump);
        assertEquals(without, out);
        final List<String> draws = draws(err);
        assertTrue(WRITING.matcher(draws.get(draws.size() - 1)).matches(), draws::toString);
        for (final String draw : draws)
        {
            assertTrue(READING_STREAM.matcher(draw).matches() || WRITING.matcher(draw).matches(), draw);
        }
        assertEquals("", new Screen().write(err).all());
    }

    @Test
    void shouldDrawNothingWhenStderrIsNotATerminalOrWhenQuiet()
    {
        System.setProperty("wirestat.progress.minBytes", "0");
        // In process, stderr is the test's buffer: not a terminal, whatever the process's is.
        assertEquals(ExitCode.OK.code(), run("analyze", "--format", "jsonl", capture.toString()));
        assertEquals("", err, "auto is the default");
        assertEquals(ExitCode.OK.code(), run("analyze", "--format", "jsonl", "--progress", "auto",
            capture.toString()));
        assertEquals("", err);
        assertEquals(ExitCode.OK.code(), run("analyze", "--format", "jsonl", "--progress=always", "--quiet",
            capture.toString()));
        assertEquals("", err, "--quiet wins");
        assertEquals(ExitCode.OK.code(), run("analyze", "--format", "jsonl", "-q", capture.toString()));
        assertEquals("", err);
    }

    @Test
    void shouldDrawNothingOnAPipeInARealProcess() throws Exception
    {
        final Process p = new ProcessBuilder(java("-Dwirestat.progress.minBytes=0", "analyze", "--format", "jsonl",
            capture.toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wirestat ended");
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("", stderr, "stderr is a pipe: no progress line");
    }

    @Test
    void shouldDrawOnAPseudoTerminalInAutoModeAndKeepStdoutClean() throws Exception
    {
        assumePython();
        run("analyze", "--format", "jsonl", capture.toString());
        final String expected = out;
        final Path report = dir.resolve("report.jsonl");
        // stderr (and stdin) on the pseudo-terminal, stdout into a file: `wirestat analyze big.pcap > report`.
        final String terminal = onPseudoTerminal(report, "-Dwirestat.progress.minBytes=0");
        final List<String> draws = draws(terminal);
        assertTrue(draws.stream().anyMatch(d -> READING.matcher(d).matches()), "drawn in auto mode: " + draws);
        assertTrue(WRITING.matcher(draws.get(draws.size() - 1)).matches(), draws::toString);
        assertEquals("", new Screen().write(terminal).all(), "blanked at the end: " + terminal);
        assertEquals(expected, Files.readString(report), "the report is unchanged");

        // Smaller than auto's threshold (100 MB by default): nothing.
        assertEquals("", onPseudoTerminal(report), "below the size threshold");
        // The launcher's word ([ -t 2 ]) is taken over the /proc check.
        assertEquals("", onPseudoTerminal(report, "-Dwirestat.progress.minBytes=0", "-Dwirestat.stderr.tty=false"));
        assertEquals(expected, Files.readString(report));
    }

    @Test
    void shouldBlankTheLineBeforeAReportOnTheSameTerminal() throws Exception
    {
        assumePython();
        // `wirestat analyze big.pcap` at a prompt: the report comes on the terminal the line is drawn on.
        final String terminal = onPseudoTerminal(null, "-Dwirestat.progress.minBytes=0");
        final int report = terminal.indexOf("{\"type\":\"connection\"");
        assertTrue(report > 0, terminal);
        final String before = terminal.substring(0, report);
        assertTrue(draws(before).stream().anyMatch(d -> READING.matcher(d).matches()), "drawn first: " + before);
        assertEquals("", new Screen().write(before).visibleLine(), "blanked before the report: " + before);
        final String after = terminal.substring(report);
        assertFalse(after.contains("pkt/s") || after.contains("writing report"), "never drawn again");
    }

    @Test
    void shouldBlankTheLineBeforeThePagerTakesTheTerminal() throws Exception
    {
        assumePython();
        // The table on a terminal goes through $WIRESTAT_PAGER (here a real process that copies it through).
        pagerCommand = "cat -u";
        final String terminal = onPseudoTerminal(null, "-Dwirestat.progress.minBytes=0");
        final int report = terminal.indexOf("Capture:");
        assertTrue(report > 0, terminal);
        final String before = terminal.substring(0, report);
        assertTrue(draws(before).stream().anyMatch(d -> READING.matcher(d).matches()), "drawn first: " + before);
        assertEquals("", new Screen().write(before).visibleLine(), "blanked before the pager: " + before);
        assertFalse(terminal.substring(report).contains("pkt/s"), "never drawn again");
    }

    /** $WIRESTAT_PAGER for the next {@link #onPseudoTerminal} run; null: jsonl, no pager. */
    private String pagerCommand;

    /**
     * Runs analyze with stderr on a pseudo-terminal (python3's pty), stdout into a file or (null) onto the terminal
     * too; returns what the terminal showed.
     */
    private String onPseudoTerminal(final Path stdout, final String... properties) throws Exception
    {
        final List<String> args = new ArrayList<>(Arrays.asList(properties));
        args.add("-Dwirestat.progress.intervalMillis=1");
        args.addAll(List.of("analyze", "--format", pagerCommand == null ? "jsonl" : "table", capture.toString()));
        final List<String> command = new ArrayList<>(List.of("python3", "-c", PTY_RUN,
            stdout == null ? "-" : stdout.toString()));
        command.addAll(java(args.toArray(new String[0])));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (pagerCommand != null)
        {
            builder.environment().put("WIRESTAT_PAGER", pagerCommand);
        }
        final Process p = builder.start();
        final String terminal = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wirestat ended");
        assertEquals(0, p.exitValue(), terminal);
        return terminal;
    }

    /**
     * argv: the file for stdout ('-': the terminal), then the command. The child gets a pseudo-terminal as its
     * controlling terminal, stdin, stderr (and stdout), the file as stdout; what the terminal shows is copied to this
     * process's stdout.
     */
    private static final String PTY_RUN = String.join("\n",
        "import os, pty, sys",
        "pid, fd = pty.fork()",
        "if pid == 0:",
        "    if sys.argv[1] != '-':",
        "        os.dup2(os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)",
        "    os.execvp(sys.argv[2], sys.argv[2:])",
        "shown = bytearray()",
        "while True:",
        "    try:",
        "        data = os.read(fd, 65536)",
        "    except OSError:",
        "        break",
        "    if not data:",
        "        break",
        "    shown += data",
        "_, status = os.waitpid(pid, 0)",
        "sys.stdout.buffer.write(bytes(shown))",
        "sys.exit(os.waitstatus_to_exitcode(status))");

    private static void assumePython()
    {
        final boolean present;
        try
        {
            present = new ProcessBuilder("python3", "-c", "import pty").start().waitFor() == 0;
        }
        catch (final IOException | InterruptedException ex)
        {
            if ("true".equals(System.getenv("CI")))
            {
                throw new AssertionError("python3 (with pty) is in .ci/run's packages", ex);
            }
            assumeTrue(false, "python3 is needed to make a pseudo-terminal: " + ex);
            return;
        }
        assertTrue(present || !"true".equals(System.getenv("CI")), "python3's pty module");
        assumeTrue(present, "python3's pty module");
    }

    private static List<String> java(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
            "-cp", System.getProperty("java.class.path")));
        final List<String> rest = new ArrayList<>(Arrays.asList(args));
        // JVM properties go before the class, the command's arguments after it.
        while (!rest.isEmpty() && rest.get(0).startsWith("-D"))
        {
            command.add(rest.remove(0));
        }
        command.add("io.wirestat.capture.cli.WirestatCli");
        command.addAll(rest);
        return command;
    }

    /** @return each line drawn on the terminal, in order: what follows each carriage return, blanks dropped. */
    private static List<String> draws(final String terminal)
    {
        final List<String> draws = new ArrayList<>();
        for (final String piece : terminal.split("\r"))
        {
            if (!piece.isBlank())
            {
                draws.add(piece.stripTrailing());
            }
        }
        return draws;
    }

    /** A pcap written as {@code copies} copies of a little-endian microsecond pcap, each later than the one before. */
    private static Path repeated(final Path source, final int copies, final Path target) throws IOException
    {
        final ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(source)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, pcap.getInt(0), "a little-endian microsecond pcap");
        int first = -1;
        int last = 0;
        for (int at = 24; at < pcap.limit(); at += 16 + pcap.getInt(at + 8))
        {
            first = first < 0 ? pcap.getInt(at) : first;
            last = pcap.getInt(at);
        }
        final int span = last - first + 1;
        final ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(pcap.array(), 0, 24);
        for (int copy = 0; copy < copies; copy++)
        {
            final ByteBuffer records = ByteBuffer.wrap(Arrays.copyOfRange(pcap.array(), 24, pcap.limit()))
                .order(ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at < records.limit(); at += 16 + records.getInt(at + 8))
            {
                // Seconds shifted, so the ports reused by the next copy are reused after TIME_WAIT, as in life.
                records.putInt(at, records.getInt(at) + copy * (span + 120));
            }
            whole.write(records.array(), 0, records.limit());
        }
        return Files.write(target, whole.toByteArray());
    }

    private int run(final String... args)
    {
        return run(null, args);
    }

    private int run(final byte[] stdin, final String... args)
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int code = WirestatCli.run(stdin == null ? null : new ByteArrayInputStream(stdin),
            new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true,
                StandardCharsets.UTF_8), io.wirestat.capture.analysis.OfflineAnalyzer::analyze, args);
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String dump()
    {
        return "stdout:\n" + out + "\nstderr:\n" + err.replace("\r", "\\r\n");
    }

    private static Path fixture(final String relative)
    {
        final Path here = Paths.get(relative);
        return Files.exists(here) ? here : Paths.get("..").resolve(relative);
    }
}
