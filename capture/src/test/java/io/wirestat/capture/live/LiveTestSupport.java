package io.wirestat.capture.live;

import io.wirestat.capture.support.Prerequisites;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;


/**
 * Helpers shared by the live tests: the root check (capturing needs CAP_NET_RAW; CI runs as root), a capture
 * running on its own thread, and {@code ss -tan} parsed into states by local and remote end.
 */
final class LiveTestSupport
{
    private LiveTestSupport()
    {
    }

    /**
     * @param classpath the classpath to run with.
     * @param args      wirestat's arguments.
     * @return a command running {@code wirestat} in a new JVM.
     */
    static List<String> javaCommand(final String classpath, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"), "-cp", classpath,
            "io.wirestat.capture.cli.WirestatCli"));
        command.addAll(List.of(args));
        return command;
    }

    static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    static void assumeRoot()
    {
        Prerequisites.require(isRoot(),
            "live capture tests need root (CAP_NET_RAW); skipped as " + System.getProperty("user.name"));
    }

    /** A capture running on a daemon thread. */
    static final class Running implements AutoCloseable
    {
        final LiveCapture capture;
        final Thread thread;

        Running(final LiveOptions options) throws LiveCaptureException
        {
            capture = LiveCapture.open(options);
            thread = new Thread(capture::run, "test-capture");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops, joins, drains: the final status. */
        LiveStatus finish() throws InterruptedException
        {
            capture.stop();
            thread.join(10_000);
            return capture.finish();
        }

        @Override
        public void close() throws InterruptedException
        {
            capture.stop();
            thread.join(10_000);
            capture.close();
        }
    }

    /**
     * @param netns network namespace to run ss in, or null for ours.
     * @return kernel state (TcpState) by "local remote" (ss's spelling of both ends).
     */
    static Map<String, Byte> ss(final String netns) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        if (netns != null)
        {
            command.addAll(List.of("ip", "netns", "exec", netns));
        }
        command.addAll(List.of("ss", "-tanH"));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        final Map<String, Byte> states = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            final String[] f = line.trim().split("\\s+");
            if (f.length >= 5)
            {
                final String name = "ESTAB".equals(f[0]) ? "ESTABLISHED" : f[0];
                states.put(normalise(f[3]) + " " + normalise(f[4]), TcpState.parse(name));
            }
        }
        return states;
    }

    /** ss writes IPv4-mapped addresses as [::ffff:1.2.3.4]:p; we write 1.2.3.4:p. */
    private static String normalise(final String ssEndpoint)
    {
        return ssEndpoint.matches("\\[::ffff:[0-9.]+\\]:\\d+") ?
            ssEndpoint.replace("[::ffff:", "").replace("]:", ":") : ssEndpoint;
    }

    /**
     * @param kernel ss states.
     * @param local  the socket's end.
     * @param remote its peer.
     * @return the kernel's state; CLOSED when the socket is gone (as ss hides closed sockets).
     */
    static byte kernelState(final Map<String, Byte> kernel, final Endpoint local, final Endpoint remote)
    {
        final Byte state = kernel.get(local + " " + remote);
        return state == null ? TcpState.CLOSED : state;
    }

    static ConnectionRecord byClientPort(final List<ConnectionRecord> connections, final int port)
    {
        for (final ConnectionRecord r : connections)
        {
            if (r.client().port() == port)
            {
                return r;
            }
        }
        return null;
    }
}
