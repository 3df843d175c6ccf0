package io.wirestat.capture.cli;

import io.wirestat.capture.support.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pager, as a person meets it: {@code wirestat analyze} run in a pseudo-terminal ({@code script(1)}, which
 * gives the child a pty for stdout) with {@code $PAGER} a fake that records it ran and what it was given. On the
 * terminal the pager runs and gets the report, summary and alerts first; with {@code --no-pager}, or with stdout a
 * pipe, it does not run and the report is written directly.
 */
class PagerTest
{
    private static final Path DEMO = GroupByCliTest.fixture("replay-fixtures/captures/kernel/demo.pcap");

    @TempDir
    Path dir;

    @Test
    void shouldPageOnATerminal() throws Exception
    {
        final Path pager = fakePager();
        final String screen = inTerminal(pager, "analyze", DEMO.toAbsolutePath().toString());
        assertTrue(Files.exists(dir.resolve("ran")), "the pager ran:\n" + screen);
        final List<String> paged = Files.readAllLines(dir.resolve("paged"), StandardCharsets.UTF_8);
        assertTrue(paged.get(0).startsWith("Capture: "), paged.toString());
        final int alerts = paged.indexOf("Alerts (3 warning; most severe first):");
        final int table = indexOfPrefix(paged, "Client ");
        assertTrue(alerts > 0 && alerts < table, "summary and alerts before the table: " + paged);
        assertTrue(screen.contains("paged by the fake"), "the pager's output reached the terminal:\n" + screen);
    }

    @Test
    void shouldNotPageWithNoPager() throws Exception
    {
        final Path pager = fakePager();
        final String screen = inTerminal(pager, "analyze", "--no-pager", DEMO.toAbsolutePath().toString());
        assertFalse(Files.exists(dir.resolve("ran")), "no pager with --no-pager");
        assertTrue(screen.contains("Alerts (3 warning; most severe first):"), "written directly:\n" + screen);
    }

    @Test
    void shouldNotPageIntoAPipe() throws Exception
    {
        final Path pager = fakePager();
        final List<String> command = LiveTestSupportCommand.java("analyze", DEMO.toAbsolutePath().toString());
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PAGER", pager.toString());
        final Process p = builder.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertFalse(Files.exists(dir.resolve("ran")), "no pager when stdout is a pipe");
        assertTrue(out.contains("Alerts (3 warning; most severe first):"), out);
    }

    @Test
    void shouldTakeWirestatPagerOverPagerAndNoneForCatOrEmpty()
    {
        assertEquals(null, Pager.start(Map.of("PAGER", "")));
        assertEquals(null, Pager.start(Map.of("PAGER", "cat")));
        assertEquals(null, Pager.start(Map.of("WIRESTAT_PAGER", "", "PAGER", "less")));
        assertEquals(List.of("less", "-FRSX"), Pager.DEFAULT);
    }

    /** A $PAGER that records that it ran, keeps what it read, and says something on the terminal. */
    private Path fakePager() throws IOException
    {
        final Path pager = dir.resolve("fake-pager");
        Files.writeString(pager, "#!/bin/sh\ntouch '" + dir.resolve("ran") + "'\ncat > '" + dir.resolve("paged")
            + "'\necho 'paged by the fake'\n");
        assertTrue(pager.toFile().setExecutable(true));
        return pager;
    }

    /** Runs wirestat with stdout on a pseudo-terminal (script -q -e -c CMD /dev/null) and returns what it showed. */
    private String inTerminal(final Path pager, final String... args) throws Exception
    {
        Prerequisites.require(
            Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script")),
            "script(1) from util-linux is needed for a pseudo-terminal");
        final StringBuilder line = new StringBuilder();
        for (final String word : LiveTestSupportCommand.java(args))
        {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        final ProcessBuilder builder = new ProcessBuilder("script", "-q", "-e", "-c", line.toString(), "/dev/null")
            .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("PAGER", pager.toString());
        builder.environment().remove("WIRESTAT_PAGER");
        final Process p = builder.start();
        p.getOutputStream().close();
        final String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), screen);
        assertEquals(0, p.exitValue(), screen);
        return screen;
    }

    private static int indexOfPrefix(final List<String> lines, final String prefix)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).startsWith(prefix))
            {
                return i;
            }
        }
        return -1;
    }

    /** The wirestat command line of this test JVM's classpath. */
    static final class LiveTestSupportCommand
    {
        static List<String> java(final String... args)
        {
            final List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "io.wirestat.capture.cli.WirestatCli"));
            command.addAll(List.of(args));
            return command;
        }
    }
}
