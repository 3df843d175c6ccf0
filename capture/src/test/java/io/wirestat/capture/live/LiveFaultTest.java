package io.wirestat.capture.live;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.OfflineAnalyzer;
import io.wirestat.capture.cli.WirestatCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live tap when its environment fails, each on a veth pair in a namespace the test makes, with real libpcap:
 * the interface is deleted mid-capture (exit 1 with the report of what was seen; with {@code --retry} the capture
 * resumes on the new interface, counts the gap and adds up libpcap's counts of every handle, across two outages
 * too), the {@code -w} file's disk fills (a 160 KiB tmpfs: tracking goes on, one notice, the file stays a valid
 * pcap; {@code --write-required} stops), stdout's reader goes away (quiet
 * exit 141), and a second SIGTERM while the final report cannot be written (stdout's pipe full) exits at once
 * (143).
 * Waits poll with deadlines; no fixed sleeps.
 */
class LiveFaultTest
{
    private static final long DEADLINE_NANOS = 20_000_000_000L;

    @Test
    void shouldReportWhatWasSeenAndExitOneWhenTheInterfaceIsDeleted() throws Exception
    {
        LiveTestSupport.assumeRoot();
        try (VethPair veth = new VethPair("g"))
        {
            final InProcess live = new InProcess("live", "-i", veth.near, "-f", "tcp", "--format", "jsonl",
                "--interval", "100ms");
            live.awaitErr("capturing on");
            veth.sendSyns(0, 50, 80);
            live.awaitOut("\"frames\":50,");
            veth.delete();
            assertEquals(1, live.exit(), live.err());
            assertTrue(live.err().contains("interface " + veth.near + " went away (libpcap: "), live.err());
            assertTrue(live.err().contains("the report above covers what was seen"), live.err());
            final String out = live.out();
            assertTrue(out.contains("\"files\":[\"" + veth.near + " (live)\"]"), "final report: " + out);
            assertEquals(50, counter(lastLine(out), "frames"), out);
            assertEquals(50, counter(lastLine(out), "connections"), out);
        }
    }

    /** One outage, and two: libpcap's counts of every handle are added up, not only the last two handles'. */
    @ParameterizedTest(name = "{0} outage(s)")
    @ValueSource(ints = {1, 2})
    void shouldWaitForTheInterfaceAndResumeWithRetry(final int outages) throws Exception
    {
        LiveTestSupport.assumeRoot();
        final int frames = 40 + 30 * outages;
        try (VethPair veth = new VethPair("r" + outages))
        {
            final InProcess live = new InProcess("live", "-i", veth.near, "-f", "tcp", "--format", "jsonl",
                "--interval", "100ms", "--retry", "-c", Integer.toString(frames));
            live.awaitErr("capturing on");
            veth.sendSyns(0, 40, 80);
            for (int outage = 1; outage <= outages; outage++)
            {
                live.awaitOut("\"frames\":" + (10 + 30 * outage) + ",");
                loseAndRecover(veth, live, outage);
                veth.sendSyns(10 + 30 * outage, 30, 80);
            }
            assertEquals(0, live.exit(), live.err());
            final String last = lastLine(live.out());
            assertEquals(frames, counter(last, "frames"), last);
            assertEquals(frames, counter(last, "connections"), last);
            assertEquals(outages, counter(last, "interface_lost"), last);
            assertTrue(counter(last, "interface_gap_ms") > 0, last);
            assertEquals(frames, counter(last, "pcap_received"), "libpcap's counts of every handle added: " + last);
        }
    }

    @Test
    void shouldKeepTrackingAndAValidPcapWhenTheDiskFills(@TempDir final Path dir) throws Exception
    {
        LiveTestSupport.assumeRoot();
        final Path mount = Files.createDirectories(dir.resolve("small"));
        assertTrue(VethPair.run(false, "mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", mount.toString()),
            "cannot mount a tmpfs here");
        try (VethPair veth = new VethPair("w"))
        {
            final Path file = mount.resolve("live.pcap");
            final InProcess live = new InProcess("live", "-i", veth.near, "-f", "tcp", "--format", "jsonl",
                "--interval", "100ms", "-c", "3000", "-w", file.toString());
            live.awaitErr("capturing on");
            veth.sendSyns(0, 3000, 80);
            assertEquals(0, live.exit(), live.err());
            final String err = live.err();
            assertEquals(1, err.split("failed after ", -1).length - 1, "said once: " + err);
            assertTrue(err.contains("No space left on device"), err);
            final String last = lastLine(live.out());
            assertEquals(3000, counter(last, "frames"), "tracking went on: " + last);
            assertEquals(3000, counter(last, "connections"), last);
            final long written = 3000 - counter(last, "write_errors");
            assertTrue(written > 0 && written < 3000, last);
            // Each record: 16-byte header + the 54-byte frame; the file ends on a whole record.
            assertEquals(24 + written * (16 + 54), Files.size(file), "whole records only");
            final AnalysisOptions offline = new AnalysisOptions();
            offline.files.add(file);
            final AnalysisReport replay = OfflineAnalyzer.analyze(offline);
            assertEquals(written, replay.counters().get("frames"), "the file replays: " + replay.counters());
            assertTrue(replay.faults().isEmpty(), "a valid pcap: " + replay.faults());

            final InProcess required = new InProcess("live", "-i", veth.near, "-f", "tcp", "--format", "jsonl",
                "--interval", "100ms", "-c", "3000", "-w", mount.resolve("again.pcap").toString(),
                "--write-required");
            required.awaitErr("capturing on");
            veth.sendSyns(0, 3000, 80);
            assertEquals(1, required.exit(), required.err());
            assertTrue(required.err().contains("the capture stops (--write-required)"), required.err());
            assertTrue(counter(lastLine(required.out()), "frames") < 3000, required.out());
            assertFalse(openFilesUnder(mount), "the -w files are closed");
        }
        finally
        {
            final boolean unmounted = VethPair.run(false, "umount", mount.toString())
                || VethPair.run(false, "umount", "-l", mount.toString());
            assertTrue(unmounted, "tmpfs unmounted");
        }
    }

    @Test
    void shouldExitQuietlyWhenStdoutsReaderGoesAway() throws Exception
    {
        LiveTestSupport.assumeRoot();
        try (VethPair veth = new VethPair("p"))
        {
            final Process p = new ProcessBuilder(LiveTestSupport.javaCommand(System.getProperty("java.class.path"),
                "live", "-i", veth.near, "--format", "jsonl", "--interval", "50ms")).start();
            try
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertTrue(out.readLine().startsWith("{\"type\":\"interval\""), "one refresh read, as head -1");
                p.getInputStream().close();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exited once nobody reads");
                final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(141, p.exitValue(), err);
                assertFalse(err.contains("Exception") || err.contains("\tat "), "quiet: " + err);
            }
            finally
            {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void shouldExitAtOnceOnASecondSignal() throws Exception
    {
        LiveTestSupport.assumeRoot();
        try (VethPair veth = new VethPair("s"))
        {
            final Process p = new ProcessBuilder(LiveTestSupport.javaCommand(System.getProperty("java.class.path"),
                "live", "-i", veth.near, "-f", "tcp", "--format", "jsonl", "--interval", "1h")).start();
            try
            {
                final StringBuilder err = new StringBuilder();
                final Thread errReader = new Thread(() -> readAll(p, err));
                errReader.start();
                await(() -> text(err).contains("capturing on"), "capturing");
                // 3 000 connections: a final report of ~1 MB, which nobody reads. Once stdout's pipe is full the
                // report cannot finish, and only the second signal gets the process out.
                veth.sendSyns(0, 3000, 80);
                kill("TERM", p);
                await(() -> text(err).contains("a second signal exits at once"), "first signal acknowledged");
                await(() -> available(p) >= 60_000, "stdout's pipe fills with the report");
                assertTrue(p.isAlive(), "stuck on the full pipe: " + text(err));
                kill("TERM", p);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the second signal exits");
                assertEquals(128 + 15, p.exitValue(), text(err));
                errReader.join(5_000);
            }
            finally
            {
                p.destroyForcibly();
            }
        }
    }

    private static boolean openFilesUnder(final Path dir) throws java.io.IOException
    {
        try (java.nio.file.DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd")))
        {
            for (final Path fd : fds)
            {
                try
                {
                    if (Files.readSymbolicLink(fd).startsWith(dir))
                    {
                        return true;
                    }
                }
                catch (final java.io.IOException gone)
                {
                    // closed while listing
                }
            }
        }
        return false;
    }

    private static int available(final Process p)
    {
        try
        {
            return p.getInputStream().available();
        }
        catch (final java.io.IOException ex)
        {
            return 0;
        }
    }

    private static void kill(final String signal, final Process p) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    private static String text(final StringBuilder sb)
    {
        synchronized (sb)
        {
            return sb.toString();
        }
    }

    private static void readAll(final Process p, final StringBuilder all)
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
            }
        }
        catch (final java.io.IOException ignored)
        {
            // process gone
        }
    }

    static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long end = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < end, "timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    /** Deletes the interface and makes it again, waiting for wirestat's notices of its {@code outage}th outage. */
    private static void loseAndRecover(final VethPair veth, final InProcess live, final int outage)
        throws Exception
    {
        veth.delete();
        live.awaitErrCount("waiting for it to come back (--retry)", outage);
        veth.create();
        live.awaitErrCount(" is back after ", outage);
    }

    static String lastLine(final String out)
    {
        final String[] lines = out.trim().split("\n");
        return lines[lines.length - 1];
    }

    /** A counter of a summary line (looked up in its "counters" object). */
    static long counter(final String json, final String name)
    {
        final int counters = json.indexOf("\"counters\"");
        final Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(counters < 0 ? json :
            json.substring(counters));
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    /** {@code wirestat} run in this JVM on its own thread, its stdout and stderr kept. */
    static final class InProcess
    {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread thread;
        private volatile int exit = -1;

        InProcess(final String... args)
        {
            thread = new Thread(() -> exit = WirestatCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args), "wirestat-under-test");
            thread.setDaemon(true);
            thread.start();
        }

        String out()
        {
            synchronized (out)
            {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        String err()
        {
            synchronized (err)
            {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        void awaitErr(final String text) throws InterruptedException
        {
            await(() -> err().contains(text) || !thread.isAlive(), "stderr: " + text);
            assertTrue(err().contains(text), "stderr: " + err());
        }

        /** Waits until stderr holds {@code text} at least {@code times} times (one notice per outage). */
        void awaitErrCount(final String text, final int times) throws InterruptedException
        {
            await(() -> occurrences(err(), text) >= times || !thread.isAlive(), "stderr: " + times + "x " + text);
            assertTrue(occurrences(err(), text) >= times, "stderr: " + err());
        }

        private static int occurrences(final String in, final String text)
        {
            return in.split(java.util.regex.Pattern.quote(text), -1).length - 1;
        }

        void awaitOut(final String text) throws InterruptedException
        {
            await(() -> out().contains(text) || !thread.isAlive(), "stdout: " + text);
            assertTrue(out().contains(text), "stdout: " + out() + " stderr: " + err());
        }

        int exit() throws InterruptedException
        {
            thread.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
            assertFalse(thread.isAlive(), "wirestat did not end: " + err());
            return exit;
        }
    }
}
