package io.wirestat.capture.live;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wirestat live} as a separate process, stopped by a signal: it must print the final report (the
 * {@code analyze} shape) and exit 0, for SIGINT (Ctrl-C) and SIGTERM alike.
 */
class LiveProcessTest
{
    @Test
    void shouldPrintTheFinalReportAndExitZeroOnSigint() throws Exception
    {
        stopWith("INT");
    }

    @Test
    void shouldPrintTheFinalReportAndExitZeroOnSigterm() throws Exception
    {
        stopWith("TERM");
    }

    @Test
    void shouldEndByItselfAfterTheDuration() throws Exception
    {
        LiveTestSupport.assumeRoot();
        final Process p = new ProcessBuilder(LiveTestSupport.javaCommand(System.getProperty("java.class.path"),
            "live", "-i", "lo", "--duration", "1s", "--interval", "200ms", "-f", "tcp port 9"))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exited after --duration");
            assertEquals(0, p.exitValue());
            assertTrue(out.contains("Capture: lo (live)"), out);
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    @Test
    void shouldEndByItselfAfterCountPackets() throws Exception
    {
        LiveTestSupport.assumeRoot();
        try (java.net.ServerSocket server =
                 new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1")))
        {
            final Process p = new ProcessBuilder(LiveTestSupport.javaCommand(System.getProperty("java.class.path"),
                "live", "-i", "lo", "-c", "3", "-f", "tcp port " + server.getLocalPort())).start();
            final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
            final StringBuilder err = new StringBuilder();
            final Thread errReader = new Thread(() -> readLines(p, errLines, err));
            errReader.start();
            try
            {
                String line;
                do
                {
                    line = errLines.poll(20, TimeUnit.SECONDS);
                }
                while (line != null && !line.contains("capturing on lo"));
                assertTrue(line != null, "started capturing: " + err);
                try (java.net.Socket client = new java.net.Socket(server.getInetAddress(), server.getLocalPort());
                     java.net.Socket accepted = server.accept())
                {
                    client.getOutputStream().write('x');
                    assertEquals('x', accepted.getInputStream().read());
                }
                final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exited after -c 3");
                errReader.join(5_000);
                assertEquals(0, p.exitValue(), err.toString());
                assertTrue(out.matches("(?s).*\\n  frames +3\\n.*"), out);
            }
            finally
            {
                p.destroyForcibly();
            }
        }
    }

    private static void stopWith(final String signal) throws Exception
    {
        LiveTestSupport.assumeRoot();
        final Process p = new ProcessBuilder(LiveTestSupport.javaCommand(System.getProperty("java.class.path"),
            "live", "-i", "lo", "--duration", "60s", "--interval", "200ms", "-f", "tcp port 9")).start();
        final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
        final StringBuilder err = new StringBuilder();
        final Thread errReader = new Thread(() -> readLines(p, errLines, err));
        errReader.start();
        try
        {
            String line;
            do
            {
                line = errLines.poll(20, TimeUnit.SECONDS);
            }
            while (line != null && !line.contains("capturing on lo"));
            assertTrue(line != null, "started capturing: " + err);
            // "capturing on" is printed once the signal handlers are installed; wait (polling) for the first
            // refresh line too, so the counters it shows are checked below.
            final StringBuilder stdout = new StringBuilder();
            final Thread outReader = new Thread(() -> copy(p, stdout));
            outReader.start();
            LiveFaultTest.await(() -> text(stdout).contains("ring_overflow="), "a refresh line: " + err);
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exited after SIG" + signal);
            outReader.join(5_000);
            errReader.join(5_000);
            final String out = text(stdout);
            assertEquals(0, p.exitValue(), "exit code; stderr: " + err);
            assertTrue(out.contains("Capture: lo (live)"), out);
            assertTrue(out.contains("Counters (whole capture, before any selection):"), out);
            assertTrue(out.contains("ring_overflow"), out);
            assertTrue(out.contains("pcap_dropped"), out);
            assertTrue(err.toString().contains("dropped by kernel"), err.toString());
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    private static String text(final StringBuilder sb)
    {
        synchronized (sb)
        {
            return sb.toString();
        }
    }

    private static void copy(final Process p, final StringBuilder all)
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                synchronized (all)
                {
                    all.append(line).append('\n');
                }
            }
        }
        catch (final IOException ignored)
        {
            // process gone
        }
    }

    private static void readLines(final Process p, final BlockingQueue<String> lines, final StringBuilder all)
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                synchronized (all)
                {
                    all.append(line).append('\n');
                }
                lines.add(line);
            }
        }
        catch (final IOException ignored)
        {
            // process gone
        }
    }
}
