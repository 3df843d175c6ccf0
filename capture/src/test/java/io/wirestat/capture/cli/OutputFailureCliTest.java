package io.wirestat.capture.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A report that cannot be written does not pass as written: a full disk is said and exits 5; `| head` exits 141. */
class OutputFailureCliTest
{
    private static final Path DEMO = Path.of("../replay-fixtures/captures/kernel/demo.pcap");
    /** 1 000 connections: a report larger than a pipe's buffer. */
    private static final Path PILEUP = Path.of("../replay-fixtures/captures/kernel/time_wait_pileup.pcap");

    @Test
    void aFailingStandardOutputEndsWithCodeFiveAndSaysSo()
    {
        final OutputStream full = new OutputStream()
        {
            private int written;

            @Override
            public void write(final int b) throws IOException
            {
                if (++written > 100)
                {
                    throw new IOException("No space left on device");
                }
            }
        };
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(full, false, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), "analyze", "--format", "jsonl", DEMO.toString());
        assertEquals(ExitCode.OUTPUT.code(), code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("could not be written to standard output"),
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFullDiskInARealProcessIsSaidWithItsCause() throws Exception
    {
        final File devFull = new File("/dev/full");
        assertTrue(devFull.exists(), "Linux has /dev/full");
        final Process p = new ProcessBuilder(command("analyze", "--format", "jsonl", DEMO.toString()))
            .redirectOutput(devFull).start();
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wirestat ended");
        assertEquals(ExitCode.OUTPUT.code(), p.exitValue(), err);
        assertTrue(err.contains("No space left on device"), err);
        assertFalse(err.contains("Exception"), "a message, not a trace: " + err);
    }

    @Test
    void liveReadingAStreamIntoAFullDiskSaysSoToo() throws Exception
    {
        final Process p = new ProcessBuilder(command("live", "-r", PILEUP.toString(), "--format", "jsonl"))
            .redirectOutput(new File("/dev/full")).start();
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wirestat ended");
        assertEquals(ExitCode.OUTPUT.code(), p.exitValue(), err);
        assertTrue(err.contains("No space left on device"), err);
    }

    @Test
    void aReaderThatGoesAwayEndsWith141Quietly() throws Exception
    {
        assertTrue(Files.size(PILEUP) > 100_000, "a capture whose report outgrows a pipe's buffer");
        final Process p = new ProcessBuilder(command("analyze", "--format", "jsonl", PILEUP.toString())).start();
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            assertTrue(lines.readLine().startsWith("{\"type\":\"connection\""));
        } // as head -1 does: one line, then the pipe is closed
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wirestat ended");
        assertEquals(141, p.exitValue(), err);
        assertEquals("", err, "nothing to say when the reader left");
    }

    private static List<String> command(final String... args)
    {
        final List<String> command = new java.util.ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp", System.getProperty("java.class.path"), "io.wirestat.capture.cli.WirestatCli"));
        command.addAll(List.of(args));
        return command;
    }
}
