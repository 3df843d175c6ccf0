package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.FileFault;
import io.wirestat.capture.file.CaptureFault;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.wirestat.capture.cli.RecordBuilder.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WirestatCliTest
{
    private final ConnectionRecord established = connection()
        .client("10.0.0.1", 40_000).server("10.0.0.2", 80).build();
    private final ConnectionRecord closeWait = connection()
        .client("10.0.0.1", 40_001).server("10.0.0.2", 8080).states(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT).build();
    private final ConnectionRecord v6 = connection()
        .client("fd00::1", 50_000).server("fd00::2", 443).states(TcpState.SYN_SENT, TcpState.SYN_RECV).build();
    private final ConnectionRecord closed = connection()
        .client("10.0.0.3", 40_002).server("10.0.0.2", 80).states(TcpState.CLOSED, TcpState.CLOSED).build();
    private final AnalysisReport clean = RecordBuilder.report(List.of(established, closeWait, v6, closed), List.of());

    private AnalysisOptions seenOptions;
    private String out = "";
    private String err = "";

    @Test
    void shouldExitZeroAndPrintTheTableForACleanCapture()
    {
        final int code = run(clean, "analyze", "trace.pcap");
        assertEquals(ExitCode.OK.code(), code, this::dump);
        assertTrue(out.contains("TCP states of the 3 connections shown:"), this::dump);
        assertTrue(out.contains("[fd00::1]:50000"), this::dump);
        assertTrue(out.contains("1 closed connection hidden"), this::dump);
        assertTrue(out.contains("Counters (whole capture"), this::dump);
        assertEquals("", err);
    }

    @Test
    void shouldExitOneAndListFaultsWithFileAndOffsetOnStderr()
    {
        final AnalysisReport faulty = RecordBuilder.report(List.of(established), List.of(
            new FileFault(Path.of("b.pcap"), new CaptureFault(4_096, "truncated pcap record: 12 bytes (expected: 16)")),
            new FileFault(Path.of("c.pcap"), new CaptureFault(24, "bad block type 0x0"))));
        final int code = run(faulty, "analyze", "a.pcap", "b.pcap", "c.pcap");
        assertEquals(ExitCode.FAULTS.code(), code, this::dump);
        assertEquals("wirestat: b.pcap: truncated pcap record: 12 bytes (expected: 16) at byte offset 4096\n"
            + "wirestat: c.pcap: bad block type 0x0 at byte offset 24\n", err);
        assertTrue(out.contains("10.0.0.1:40000"), this::dump);
    }

    @Test
    void shouldExitOneForFaultsInJsonlToo()
    {
        final AnalysisReport faulty = RecordBuilder.report(List.of(established), List.of(
            new FileFault(Path.of("b.pcap"), new CaptureFault(16, "truncated"))));
        assertEquals(ExitCode.FAULTS.code(), run(faulty, "analyze", "--format", "jsonl", "b.pcap"), this::dump);
        assertTrue(out.contains("\"faults\":[{\"file\":\"b.pcap\",\"offset\":16,\"message\":\"truncated\"}]"),
            this::dump);
        assertEquals("wirestat: b.pcap: truncated at byte offset 16\n", err);
    }

    @Test
    void shouldExitTwoWhenAFileDoesNotExist()
    {
        final int code = run(options ->
        {
            throw new NoSuchFileException("missing.pcap");
        }, "analyze", "missing.pcap");
        assertEquals(ExitCode.USAGE.code(), code, this::dump);
        assertEquals("wirestat: missing.pcap: No such file or directory\n", err);
        assertEquals("", out);
    }

    @Test
    void shouldExitTwoWhenAFileIsNotACapture()
    {
        final int code = run(options ->
        {
            throw new IOException("notes.txt: not a capture file: magic 0x6c6c6568 (expected: pcap or pcapng)");
        }, "analyze", "notes.txt");
        assertEquals(ExitCode.USAGE.code(), code, this::dump);
        assertEquals("wirestat: notes.txt: not a capture file: magic 0x6c6c6568 (expected: pcap or pcapng)\n", err);
    }

    @Test
    void shouldExitTwoForABadFilterExpression()
    {
        final int code = run(options ->
        {
            throw new IllegalArgumentException("invalid filter 'tcp prot 80': syntax error");
        }, "analyze", "-f", "tcp prot 80", "trace.pcap");
        assertEquals(ExitCode.USAGE.code(), code, this::dump);
        assertEquals("wirestat: invalid filter 'tcp prot 80': syntax error\n", err);
    }

    @Test
    void shouldExitThreeWithAStackTraceForAnInternalError()
    {
        final int code = run(options ->
        {
            throw new IllegalStateException("flow table corrupt");
        }, "analyze", "trace.pcap");
        assertEquals(ExitCode.INTERNAL_ERROR.code(), code, this::dump);
        assertTrue(err.startsWith("wirestat: internal error: java.lang.IllegalStateException: flow table corrupt\n"),
            this::dump);
        assertTrue(err.contains("\tat "), this::dump);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "analyze --bogus trace.pcap",
        "analyze --state establish trace.pcap",
        "analyze --state close-wait,nope trace.pcap",
        "analyze --shards 3 trace.pcap",
        "analyze --shards 0 trace.pcap",
        "analyze --ring-size 1000 trace.pcap",
        "analyze --ring-size many trace.pcap",
        "analyze --time-wait 5x trace.pcap",
        "analyze --time-wait -1s trace.pcap",
        "analyze --port 65536 trace.pcap",
        "analyze --port http trace.pcap",
        "analyze --host example.com trace.pcap",
        "analyze --host 10.0.0.0/40 trace.pcap",
        "analyze --format xml trace.pcap",
        "analyze --side left trace.pcap",
        "analyze",
        "analyze --all",
        "frobnicate",
        "",
    })
    void shouldExitTwoForUsageErrorsWithoutAnalysing(final String commandLine)
    {
        final String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");
        final int code = run(clean, args);
        assertEquals(ExitCode.USAGE.code(), code, this::dump);
        assertNull(seenOptions, "nothing analysed");
        assertTrue(err.startsWith("wirestat: "), this::dump);
        assertTrue(err.contains("Try 'wirestat"), this::dump);
        assertEquals("", out);
    }

    @Test
    void shouldNameTheBadValueInUsageErrors()
    {
        run(clean, "analyze", "--shards", "3", "t.pcap");
        assertTrue(err.contains("--shards") && err.contains("must be a power of 2, got: 3"), this::dump);
        run(clean, "analyze", "--state", "establish", "t.pcap");
        assertTrue(err.contains("unknown TCP state 'establish'"), this::dump);
        run(clean, "analyze", "--time-wait", "5x", "t.pcap");
        assertTrue(err.contains("invalid duration '5x'"), this::dump);
        run(clean, "analyze", "--port", "65536", "t.pcap");
        assertTrue(err.contains("not a TCP port: '65536'"), this::dump);
    }

    @Test
    void shouldPassPipelineOptionsToTheAnalyzer()
    {
        final int code = run(clean, "analyze", "-f", "tcp port 80", "--shards", "4", "--ring-size", "1024",
            "--time-wait", "500ms", "one.pcap", "two.pcapng.gz");
        assertEquals(ExitCode.OK.code(), code, this::dump);
        assertEquals("tcp port 80", seenOptions.filter);
        assertEquals(4, seenOptions.shards);
        assertEquals(1024, seenOptions.ringSize);
        assertEquals(500_000_000L, seenOptions.tracker.timeWaitNanos());
        assertEquals(List.of(Path.of("one.pcap"), Path.of("two.pcapng.gz")), seenOptions.files);

        run(clean, "analyze", "--filter=host 10.0.0.1", "--time-wait", "2m", "x.pcap");
        assertEquals("host 10.0.0.1", seenOptions.filter);
        assertEquals(120_000_000_000L, seenOptions.tracker.timeWaitNanos());
    }

    @Test
    void shouldUseThePipelineDefaultsWhenNoOptionIsGiven()
    {
        run(clean, "analyze", "x.pcap");
        final AnalysisOptions defaults = new AnalysisOptions();
        assertNull(seenOptions.filter);
        assertEquals(defaults.shards, seenOptions.shards);
        assertEquals(defaults.ringSize, seenOptions.ringSize);
        assertEquals(TrackerConfig.TIME_WAIT_DEFAULT_NS, seenOptions.tracker.timeWaitNanos());
    }

    @Test
    void shouldSelectByStateOnEitherSideOrOneSide()
    {
        run(clean, "analyze", "--state", "close-wait", "x.pcap");
        assertTrue(out.contains("10.0.0.1:40001"), this::dump);
        assertFalse(out.contains("10.0.0.1:40000"), this::dump);
        assertTrue(out.contains("TCP states of the 1 connection shown:"), this::dump);

        run(clean, "analyze", "--state", "CLOSE_WAIT", "--side", "client", "x.pcap");
        assertTrue(out.contains("TCP states of the 0 connections shown:"), this::dump);

        run(clean, "analyze", "--state", "syn-sent", "--state", "fin-wait-2", "--side", "CLIENT", "x.pcap");
        assertTrue(out.contains("TCP states of the 2 connections shown:"), this::dump);
    }

    @Test
    void shouldSelectByGroup()
    {
        run(clean, "analyze", "--state", "bucket", "x.pcap");
        assertTrue(out.contains("TCP states of the 1 connection shown:") && out.contains("[fd00::2]:443"), this::dump);
        run(clean, "analyze", "--state", "synchronized", "--side", "client", "x.pcap");
        assertTrue(out.contains("TCP states of the 2 connections shown:"), this::dump);
        run(clean, "analyze", "--state", "all", "x.pcap");
        assertTrue(out.contains("TCP states of the 4 connections shown:"), this::dump);
    }

    @Test
    void shouldShowClosedConnectionsWithAllOrAClosedStateSelection()
    {
        run(clean, "analyze", "--all", "x.pcap");
        assertTrue(out.contains("10.0.0.3:40002") && !out.contains("hidden"), this::dump);
        run(clean, "analyze", "-a", "x.pcap");
        assertTrue(out.contains("10.0.0.3:40002"), this::dump);
        run(clean, "analyze", "--state", "closed", "x.pcap");
        assertTrue(out.contains("TCP states of the 1 connection shown:") && out.contains("10.0.0.3:40002"),
            this::dump);
    }

    @Test
    void shouldSelectByPortAndHost()
    {
        run(clean, "analyze", "--port", "8080", "x.pcap");
        assertTrue(out.contains("TCP states of the 1 connection shown:") && out.contains(":8080"), this::dump);
        run(clean, "analyze", "--port", "40001", "--side", "server", "x.pcap");
        assertTrue(out.contains("TCP states of the 0 connections shown:"), this::dump);
        run(clean, "analyze", "--host", "fd00::2", "x.pcap");
        assertTrue(out.contains("TCP states of the 1 connection shown:"), this::dump);
        run(clean, "analyze", "--host", "10.0.0.0/8", "--all", "x.pcap");
        assertTrue(out.contains("TCP states of the 3 connections shown:"), this::dump);
    }

    @Test
    void shouldWriteJsonlWithClosedConnectionsAndFiltersApplied() throws IOException
    {
        assertEquals(ExitCode.OK.code(), run(clean, "analyze", "--format", "jsonl", "x.pcap"), this::dump);
        final String[] lines = out.split("\n");
        // 4 connections, 3 alerts (stuck CLOSE_WAIT on :8080, its FIN_WAIT_2 mirror, the stuck SYN_RECV), summary.
        assertEquals(8, lines.length, this::dump);
        assertEquals("10.0.0.3:40002", JsonlReportWriterTest.parseLine(lines[3]).get("client"));
        assertEquals("alert", JsonlReportWriterTest.parseLine(lines[4]).get("type"));
        assertEquals("summary", JsonlReportWriterTest.parseLine(lines[7]).get("type"));

        run(clean, "analyze", "--format", "JSONL", "--port", "443", "x.pcap");
        final String[] filtered = out.split("\n");
        // The selection applies to connections, not to alerts, which always look at the whole capture.
        assertEquals(5, filtered.length, this::dump);
        final Map<String, Object> connection = JsonlReportWriterTest.parseLine(filtered[0]);
        assertEquals("[fd00::1]:50000", connection.get("client"));
        assertEquals("SYN_SENT", connection.get("client_state"));
        assertEquals(List.of("x.pcap"), JsonlReportWriterTest.parseLine(filtered[4]).get("files"));
    }

    @Test
    void shouldBuildOnlyTheSubcommandNamedFirstAndAllOtherwise()
    {
        assertEquals(java.util.Set.of("help", "analyze"),
            WirestatCli.commandLine(options -> clean, null, "analyze").getSubcommands().keySet());
        assertEquals(java.util.Set.of("help", "live"),
            WirestatCli.commandLine(options -> clean, null, "live").getSubcommands().keySet());
        for (final String first : new String[] {null, "--help", "help", "--version", "analyse", "Analyze"})
        {
            assertEquals(java.util.Set.of("help", "analyze", "check", "live"),
                WirestatCli.commandLine(options -> clean, null, first).getSubcommands().keySet(), first);
        }
        // A misspelt command still gets picocli's suggestion, because every command was built for it.
        assertEquals(ExitCode.USAGE.code(), run(clean, "analyse", "x.pcap"), this::dump);
        assertTrue(err.contains("analyze"), this::dump);
    }

    @Test
    void shouldMentionEveryOptionTheExitCodesAndExamplesInAnalyzeHelp()
    {
        assertEquals(ExitCode.OK.code(), run(clean, "analyze", "--help"), this::dump);
        final CommandLine analyze = WirestatCli.commandLine(options -> clean).getSubcommands().get("analyze");
        for (final OptionSpec option : analyze.getCommandSpec().options())
        {
            for (final String name : option.names())
            {
                assertTrue(out.contains(name), "help mentions " + name + "\n" + dump());
            }
        }
        assertTrue(out.contains("FILE..."), this::dump);
        for (final String state : new String[] {"close-wait", "time-wait", "syn-sent", "connected", "synchronized",
            "bucket", "big", "all"})
        {
            assertTrue(out.contains(state), "help mentions state " + state + "\n" + dump());
        }
        assertExitCodesListed();
        assertTrue(out.contains("Examples:\n  wirestat analyze "), this::dump);
        assertTrue(out.contains("Default: 60s"), this::dump);
        assertTrue(out.contains("Default: 16384"), this::dump);
    }

    @Test
    void shouldDescribeTheToolCommandsAndExitCodesInRootHelp()
    {
        assertEquals(ExitCode.OK.code(), run(clean, "--help"), this::dump);
        assertTrue(out.contains("netstat for the wire"), this::dump);
        assertTrue(out.contains("analyze"), this::dump);
        assertTrue(out.contains("--version"), this::dump);
        assertExitCodesListed();

        assertEquals(ExitCode.OK.code(), run(clean, "help", "analyze"), this::dump);
        assertTrue(out.contains("Usage: wirestat analyze"), this::dump);
    }

    @Test
    void shouldPrintTheVersion()
    {
        assertEquals(ExitCode.OK.code(), run(clean, "--version"), this::dump);
        assertTrue(out.startsWith("wirestat "), this::dump);
        assertTrue(out.contains("JVM: "), this::dump);
        assertEquals(ExitCode.OK.code(), run(clean, "analyze", "-V"), this::dump);
        assertTrue(out.startsWith("wirestat "), this::dump);
    }

    @Test
    void shouldKeepTheHelpListOfExitCodesInStepWithTheEnum()
    {
        final Map<String, String> list = ExitCode.helpList();
        assertEquals(ExitCode.values().length, list.size());
        for (final ExitCode exitCode : ExitCode.values())
        {
            assertEquals(exitCode.description(), list.get(Integer.toString(exitCode.code())));
        }
        assertEquals(0, ExitCode.OK.code());
        assertEquals(1, ExitCode.FAULTS.code());
        assertEquals(2, ExitCode.USAGE.code());
    }

    @Test
    void shouldDefaultTimeWaitToTheTrackerDefault()
    {
        assertEquals(TrackerConfig.TIME_WAIT_DEFAULT_NS,
            DurationConverter.parse(PipelineOptions.TIME_WAIT_DEFAULT).toNanos());
    }

    @Test
    void shouldRunTheRealAnalyzerThroughThePublicEntryPoint()
    {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8), "analyze", "/nonexistent/wirestat-test.pcap");
        // A file that cannot be opened is a usage-level error whatever the analyzer's progress.
        assertEquals(ExitCode.USAGE.code(), code, () -> errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("wirestat: "));
    }

    @Test
    void shouldExitTwoWithLibpcapsMessageForABadFilterExpression()
    {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        // The real path: libpcap compiles the expression before any file is opened (CI installs libpcap).
        final int code = WirestatCli.run(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8),
            "analyze", "-f", "tcp port", "/nonexistent/wirestat-test.pcap");
        final String err = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE.code(), code, err);
        assertTrue(err.startsWith("wirestat: invalid filter 'tcp port'"), err);
        assertTrue(err.contains("syntax error"), err);
        assertFalse(err.contains("\tat "), "no stack trace for a user's typo: " + err);
    }

    private void assertExitCodesListed()
    {
        assertTrue(out.contains("Exit codes:"), this::dump);
        for (final ExitCode exitCode : ExitCode.values())
        {
            final String firstWords = exitCode.description().substring(0, 20);
            assertTrue(out.contains("  " + exitCode.code() + "   " + firstWords),
                "help lists exit code " + exitCode + "\n" + dump());
        }
    }

    private int run(final AnalysisReport report, final String... args)
    {
        return run(options ->
        {
            seenOptions = options;
            return report;
        }, args);
    }

    private int run(final Analyzer analyzer, final String... args)
    {
        seenOptions = null;
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8), analyzer, args);
        out = outBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        err = errBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        assertNotNull(out);
        return code;
    }

    private String dump()
    {
        return "--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
