package io.wirestat.capture.report.prometheus;

import io.wirestat.capture.support.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs Prometheus's own tools (Debian package {@code prometheus}, which {@code .ci/run} installs) from tests: a
 * binary on the PATH, bounded in time. Absent, a test skips saying why, except on CI ({@code CI=true}), where
 * {@code .ci/run} installed them and their absence is a failure. Stateless; thread safe.
 */
public final class Promtool
{
    private static final long TIMEOUT_SECONDS = 60;

    private Promtool()
    {
    }

    /**
     * @param name {@code promtool} or {@code prometheus}.
     * @return the binary; skips (fails on CI) when there is none.
     */
    public static Path require(final String name)
    {
        final Path found = find(name);
        Prerequisites.require(found != null, name + " not found on PATH (.ci/run installs the Debian package " +
            "prometheus); skipped");
        return found;
    }

    /**
     * @param directory where to run.
     * @param args      the command, the binary first.
     * @return exit code and combined output.
     */
    public static Result run(final Path directory, final String... args) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(args).directory(directory.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        final byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            fail(String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * {@code promtool check metrics} reads the exposition on its standard input.
     *
     * @param exposition the text.
     * @return exit code and promtool's findings.
     */
    public static Result checkMetrics(final String exposition) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(require("promtool").toString(), "check", "metrics"));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            fail("promtool check metrics did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** @return the repository's root (tests run in the module's directory). */
    public static Path repositoryRoot()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/prometheus")))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            fail("deploy/prometheus not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static Path find(final String name)
    {
        final String path = System.getenv("PATH");
        for (final String dir : (path == null ? "/usr/bin:/bin" : path).split(":"))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * @param exit   the exit code.
     * @param output standard output and error.
     */
    public record Result(int exit, String output)
    {
    }
}
