package io.wirestat.capture.cli;

import io.wirestat.capture.check.CraftedCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wirestat check}, in process, on copies of the crafted captures in a temporary directory. */
class CheckCommandTest
{
    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    @Test
    void shouldPassAndExitZeroWhenEveryCaptureMatches()
    {
        CraftedCaptures.copy(dir, "refused", true);
        CraftedCaptures.copy(dir, "close-client-first", true);

        assertEquals(0, run("check", dir.toString()), this::dump);
        assertTrue(out.contains("PASS      " + dir.resolve("close-client-first.pcap") + "  (1 connection, 0 alerts)\n"),
            this::dump);
        assertTrue(out.endsWith("check: 2 passed, 0 failed, 0 new, 0 errors (2 captures)\n"), this::dump);
        assertEquals("", err);
    }

    @Test
    void shouldPrintTheDiffAndExitOneWhenACaptureDiffers() throws IOException
    {
        CraftedCaptures.copy(dir, "refused", true);
        CraftedCaptures.copy(dir, "close-client-first", true);
        final Path expected = dir.resolve("close-client-first.expected");
        Files.writeString(expected, Files.readString(expected).replace("TIME_WAIT\tCLOSED", "FIN_WAIT_2\tCLOSED"));

        assertEquals(CheckCommand.DIFFERENCES, run("check", dir.toString()), this::dump);
        assertTrue(out.contains(
            "FAIL      " + dir.resolve("close-client-first.pcap") + "  (1 difference from " + expected + ")\n" +
            "  connection 1 10.0.0.1:40000 -> 10.0.0.2:80: client_state differs\n" +
            "    expected: 10.0.0.1:40000\t10.0.0.2:80\tFIN_WAIT_2\tCLOSED\tShADadFf\n" +
            "    actual:   10.0.0.1:40000\t10.0.0.2:80\tTIME_WAIT\tCLOSED\tShADadFf\n"), this::dump);
        assertTrue(out.contains("PASS      " + dir.resolve("refused.pcap")), this::dump);
        assertTrue(out.endsWith("check: 1 passed, 1 failed, 0 new, 0 errors (2 captures)\n"), this::dump);
    }

    @Test
    void shouldListCapturesWithoutExpectationsAsNewWithoutFailing()
    {
        CraftedCaptures.copy(dir, "refused", true);
        CraftedCaptures.copy(dir, "ipv6-close", false);

        assertEquals(0, run("check", dir.toString()), this::dump);
        assertTrue(out.contains("NEW       " + dir.resolve("ipv6-close.pcap") + "  (no expected file; "
            + "'wirestat check --update' writes " + dir.resolve("ipv6-close.expected") + ")\n"), this::dump);
        assertTrue(out.endsWith("check: 1 passed, 0 failed, 1 new, 0 errors (2 captures)\n"), this::dump);
        assertFalse(Files.exists(dir.resolve("ipv6-close.expected")));
    }

    @Test
    void shouldCreateRefreshAndLeaveAloneOnUpdate() throws IOException
    {
        final Path crafted = CraftedCaptures.directory();
        CraftedCaptures.copy(dir, "ipv6-close", false);
        CraftedCaptures.copy(dir, "close-client-first", true);
        CraftedCaptures.copy(dir, "refused", true);
        final Path stale = dir.resolve("close-client-first.expected");
        Files.writeString(stale, Files.readString(stale).replace("ShADadFf", "ShADad"));
        final Path reviewed = dir.resolve("refused.expected");
        final String withNote = "# reviewed by a person: a closed port\n" + Files.readString(reviewed);
        Files.writeString(reviewed, withNote);

        assertEquals(0, run("check", "--update", dir.toString()), this::dump);

        assertTrue(out.contains("CREATED   " + dir.resolve("ipv6-close.pcap") + "  -> " +
            dir.resolve("ipv6-close.expected") + "  (1 connection, 0 alerts)\n"), this::dump);
        assertTrue(out.contains("UPDATED   " + dir.resolve("close-client-first.pcap")), this::dump);
        assertTrue(out.contains("history differs"), this::dump);
        assertTrue(out.contains("UNCHANGED " + dir.resolve("refused.pcap")), this::dump);
        assertTrue(out.endsWith("update: 1 created, 1 updated, 1 unchanged, 0 errors (3 captures)\n"), this::dump);
        assertEquals(Files.readString(crafted.resolve("ipv6-close.expected")),
            Files.readString(dir.resolve("ipv6-close.expected")));
        assertEquals(Files.readString(crafted.resolve("close-client-first.expected")), Files.readString(stale));
        assertEquals(withNote, Files.readString(reviewed));

        assertEquals(0, run("check", dir.toString()), this::dump);
        assertTrue(out.endsWith("check: 3 passed, 0 failed, 0 new, 0 errors (3 captures)\n"), this::dump);
    }

    @Test
    void shouldApplyTheExpectedFilesOptionsOverTheCommandLine() throws IOException
    {
        // time-wait-expired: the next SYN comes 61 s after the final ACK: with 120 s the closer is still in TIME_WAIT.
        CraftedCaptures.copy(dir, "time-wait-expired", true);
        final Path expected = dir.resolve("time-wait-expired.expected");
        final String longer = Files.readString(expected)
            .replace("CLOSED\tCLOSED\tShADadFf", "TIME_WAIT\tCLOSED\tShADadFf");
        Files.writeString(expected, longer);

        assertEquals(CheckCommand.DIFFERENCES, run("check", dir.toString()), this::dump);
        assertEquals(0, run("check", "--time-wait", "120s", dir.toString()), this::dump);

        Files.writeString(expected, "#options --time-wait 2m\n" + longer);
        assertEquals(0, run("check", dir.toString()), this::dump);
        assertEquals(0, run("check", "--time-wait", "10s", dir.toString()), this::dump);

        Files.writeString(expected, "#options --time-wait 2m --shards 4\n" + longer);
        assertEquals(ExitCode.USAGE.code(), run("check", dir.toString()), this::dump);
        assertTrue(out.contains("ERROR     " + dir.resolve("time-wait-expired.pcap") +
            "  (unknown option '--shards' in #options line (known: --time-wait DURATION, -f/--filter EXPR))"),
            this::dump);
    }

    @Test
    void shouldFindGzipCapturesInSubdirectoriesAndIgnoreOtherGzipFiles() throws IOException
    {
        final Path sub = Files.createDirectories(dir.resolve("incidents/2024"));
        final Path crafted = CraftedCaptures.directory();
        gzip(crafted.resolve("keepalive.pcap"), sub.resolve("keepalive.pcap.gz"));
        Files.copy(crafted.resolve("keepalive.expected"), sub.resolve("keepalive.expected"));
        gzip(crafted.resolve("keepalive.expected"), sub.resolve("notes.txt.gz"));
        Files.createDirectories(dir.resolve(".git"));
        CraftedCaptures.copy(dir.resolve(".git"), "refused", false);

        assertEquals(0, run("check", dir.toString()), this::dump);
        assertTrue(out.startsWith("PASS      " + sub.resolve("keepalive.pcap.gz")), this::dump);
        assertTrue(out.endsWith("check: 1 passed, 0 failed, 0 new, 0 errors (1 capture)\n"), this::dump);
    }

    @Test
    void shouldPreferTheExpectedFileNamedAfterTheWholeCaptureName() throws IOException
    {
        CraftedCaptures.copy(dir, "refused", false);
        Files.copy(CraftedCaptures.directory().resolve("refused.expected"), dir.resolve("refused.pcap.expected"));
        Files.writeString(dir.resolve("refused.expected"), "not an expected file\n");

        assertEquals(0, run("check", dir.resolve("refused.pcap").toString()), this::dump);
        assertTrue(out.startsWith("PASS      " + dir.resolve("refused.pcap")), this::dump);
    }

    @Test
    void shouldExitTwoForAnUnreadableExpectedFile() throws IOException
    {
        CraftedCaptures.copy(dir, "refused", false);
        Files.writeString(dir.resolve("refused.expected"), "10.0.0.1:1 10.0.0.2:2 CLOSED CLOSED Sr\n");

        assertEquals(ExitCode.USAGE.code(), run("check", dir.toString()), this::dump);
        assertTrue(out.contains("ERROR     " + dir.resolve("refused.pcap") + "  (cannot read expected file: " +
            dir.resolve("refused.expected") + ":1: expected 5 tab-separated columns, found 1"), this::dump);
        assertTrue(out.endsWith("check: 0 passed, 0 failed, 0 new, 1 error (1 capture)\n"), this::dump);
    }

    @Test
    void shouldExitTwoForAMissingDirectoryOrAnEmptyCorpus()
    {
        assertEquals(ExitCode.USAGE.code(), run("check", dir.resolve("nope").toString()), this::dump);
        assertEquals("wirestat: " + dir.resolve("nope") + ": No such file or directory\n", err);

        assertEquals(ExitCode.USAGE.code(), run("check", dir.toString()), this::dump);
        assertEquals("wirestat: no capture files found in [" + dir + "]\n", err);

        assertEquals(ExitCode.USAGE.code(), run("check"), this::dump);
        assertTrue(err.startsWith("wirestat: Missing required parameter: 'DIR'"), this::dump);
    }

    @Test
    void shouldDocumentItsOwnExitCodesInHelp()
    {
        assertEquals(0, run("check", "--help"), this::dump);
        assertTrue(out.contains("Exit codes:"), this::dump);
        assertTrue(out.contains("1   some capture differs from its expected file"), this::dump);
        assertFalse(out.contains("input had faults"), this::dump);
        assertTrue(out.contains("--time-wait=DURATION"), this::dump);
        assertTrue(out.contains("--update"), this::dump);
    }

    private static void gzip(final Path from, final Path to) throws IOException
    {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(to)))
        {
            Files.copy(from, gz);
        }
    }

    private int run(final String... args)
    {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8), args);
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String dump()
    {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }
}
