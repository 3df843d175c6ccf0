package io.wirestat.capture.live;

import io.wirestat.capture.support.Prerequisites;
import io.wirestat.capture.report.prometheus.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code deploy/systemd/wirestat.service}: {@code systemd-analyze verify} accepts it, and its command line, run the
 * way systemd runs it (an unprivileged user, no root, holding only the unit's ambient capabilities; util-linux's
 * {@code setpriv} does what {@code DynamicUser=} and {@code AmbientCapabilities=} do), captures on {@code lo}, serves
 * metrics and writes JSON lines, and exits 0 at the end. The environment defaults are replaced by test values.
 */
class SystemdUnitTest
{
    private static final Path UNIT = Promtool.repositoryRoot().resolve("deploy/systemd/wirestat.service");
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void shouldPassSystemdAnalyzeVerify() throws Exception
    {
        final Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze not installed; skipped");
        final Promtool.Result r = Promtool.run(UNIT.getParent(), analyze.toString(), "verify", "./wirestat.service");
        assertEquals(0, r.exit(), r.output());
        assertEquals("", r.output().trim(), "no warnings");
    }

    @Test
    void shouldCaptureAsAnUnprivilegedUserWithTheUnitsAmbientCapabilities() throws Exception
    {
        LiveTestSupport.assumeRoot();
        final Path setpriv = Path.of("/usr/bin/setpriv");
        Prerequisites.require(Files.isExecutable(setpriv), "setpriv (util-linux) not installed; skipped");
        final String unit = Files.readString(UNIT);
        final String caps = value(unit, "AmbientCapabilities");
        assertEquals(caps, value(unit, "CapabilityBoundingSet"));
        assertEquals("yes", value(unit, "NoNewPrivileges"));
        final String ambient = String.join(",", Stream.of(caps.split(" "))
            .map(c -> "+" + c.substring("CAP_".length()).toLowerCase()).toList());

        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            port = probe.getLocalPort();
        }
        final Map<String, String> env = new HashMap<>();
        env.put("WIRESTAT_INTERFACE", "lo");
        env.put("WIRESTAT_FILTER", "tcp port 9");
        env.put("WIRESTAT_INTERVAL", "200ms");
        env.put("WIRESTAT_METRICS", "127.0.0.1:" + port);
        env.put("WIRESTAT_OPTIONS", "--duration 3s");
        final List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + NOBODY,
            "--regid=" + NOBODY, "--clear-groups", "--inh-caps=" + ambient, "--ambient-caps=" + ambient));
        command.addAll(LiveTestSupport.javaCommand(readableClasspath(), wirestatArguments(unit, env)
            .toArray(new String[0])));
        command.add(command.indexOf("-cp"), "-Djna.tmpdir=" + dir.resolve("cache"));
        final Path out = dir.resolve("out.jsonl");
        final Path err = dir.resolve("err.txt");
        final Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try
        {
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            String metrics = "";
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.isAlive() && !metrics.contains("wirestat_build_info") && System.nanoTime() - deadline < 0)
            {
                metrics = get(http, "http://127.0.0.1:" + port + "/metrics");
                Thread.sleep(100); // poll period
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ended after --duration");
            final String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), stderr);
            assertTrue(stderr.contains("capturing on lo"), stderr);
            assertTrue(metrics.contains("wirestat_connections{side=\"server\",state=\"ESTABLISHED\"}"), metrics);
            assertTrue(Files.readString(out).contains("{\"type\":\"interval\",\"ts\":"), "JSON lines for the journal");
        }
        finally
        {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @return the arguments after the jar, systemd's {@code ${X}} as one word and {@code $X} split at spaces. */
    private static List<String> wirestatArguments(final String unit, final Map<String, String> env)
    {
        final String exec = value(unit.replace("\\\n", " "), "ExecStart");
        final String[] words = exec.trim().split("\\s+");
        final List<String> args = new ArrayList<>();
        boolean afterJar = false;
        for (final String word : words)
        {
            if (afterJar)
            {
                if (word.matches("\\$\\{\\w+}"))
                {
                    args.add(env.get(word.substring(2, word.length() - 1)));
                }
                else if (word.matches("\\$\\w+"))
                {
                    args.addAll(List.of(env.get(word.substring(1)).trim().split("\\s+")));
                }
                else
                {
                    args.add(word);
                }
            }
            afterJar |= word.endsWith(".jar");
        }
        assertEquals("live", args.get(0), exec);
        return args;
    }

    private static String value(final String unit, final String key)
    {
        final Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertTrue(m.find(), key + " in the unit");
        return m.group(1).trim();
    }

    /** The test classpath copied where an unprivileged user can read it (~/.m2 is root's). */
    private String readableClasspath() throws IOException
    {
        final Path lib = Files.createDirectories(dir.resolve("lib"));
        final List<String> entries = new ArrayList<>();
        int n = 0;
        for (final String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        {
            final Path source = Path.of(entry);
            final Path target = lib.resolve(n++ + "-" + source.getFileName());
            if (Files.isDirectory(source))
            {
                try (Stream<Path> files = Files.walk(source))
                {
                    for (final Path f : (Iterable<Path>)files::iterator)
                    {
                        final Path copy = target.resolve(source.relativize(f).toString());
                        if (Files.isDirectory(f))
                        {
                            Files.createDirectories(copy);
                        }
                        else
                        {
                            Files.copy(f, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            else if (Files.isRegularFile(source))
            {
                Files.copy(source, target);
            }
            entries.add(target.toString());
        }
        Files.createDirectories(dir.resolve("cache"));
        try (Stream<Path> all = Files.walk(dir))
        {
            for (final Path f : (Iterable<Path>)all::iterator)
            {
                f.toFile().setReadable(true, false);
                f.toFile().setExecutable(Files.isDirectory(f), false);
            }
        }
        Files.setOwner(dir.resolve("cache"), dir.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName("nobody"));
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String get(final HttpClient http, final String url) throws InterruptedException
    {
        try
        {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }
}
