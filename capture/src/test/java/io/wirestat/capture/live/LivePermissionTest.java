package io.wirestat.capture.live;

import io.wirestat.capture.support.Prerequisites;
import io.wirestat.capture.cli.WirestatCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Without CAP_NET_RAW, {@code wirestat live} says how to grant it (and that root is not needed) and exits 2. As root
 * (CI), the command runs as {@code nobody} through {@code setpriv}, from a world-readable copy of the classpath;
 * unprivileged, it runs in-process.
 */
class LivePermissionTest
{
    @Test
    void shouldExplainHowToGrantCapNetRaw(@TempDir final Path dir) throws Exception
    {
        final String err;
        final int exit;
        if (LiveTestSupport.isRoot())
        {
            Prerequisites.require(Files.isExecutable(Paths.get("/usr/bin/setpriv")),
                "setpriv (util-linux) is not installed");
            final List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--"));
            command.addAll(LiveTestSupport.javaCommand(readableCopy(dir), "live", "-i", "lo", "-c", "1"));
            final Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            exit = p.exitValue();
        }
        else
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            exit = WirestatCli.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), "live", "-i", "lo", "-c", "1");
            err = bytes.toString(StandardCharsets.UTF_8);
            assumeTrue(exit != 0, "this JVM may capture (java has CAP_NET_RAW): nothing to test");
        }
        assertEquals(2, exit, err);
        assertTrue(err.contains("no permission to capture on lo"), err);
        assertTrue(err.contains("CAP_NET_RAW"), err);
        assertTrue(err.contains("not root"), err);
        assertTrue(err.contains("setcap cap_net_raw,cap_net_admin=eip"), err);
    }

    /** nobody cannot read /root/.m2: copy the classpath where it can. */
    private static String readableCopy(final Path dir) throws IOException
    {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        final List<String> entries = new ArrayList<>();
        int n = 0;
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            final Path source = Paths.get(entry);
            if (!Files.exists(source))
            {
                continue;
            }
            final Path target = dir.resolve("cp" + n++ + (Files.isDirectory(source) ? "" : ".jar"));
            copy(source, target);
            entries.add(target.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copy(final Path source, final Path target) throws IOException
    {
        if (!Files.isDirectory(source))
        {
            Files.copy(source, target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        try (Stream<Path> tree = Files.walk(source))
        {
            for (final Path p : (Iterable<Path>)tree::iterator)
            {
                final Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                else
                {
                    Files.copy(p, t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}
