package io.wirestat.capture.live;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a clean stop while a live capture runs: the handler only asks the capture
 * to end; the main thread then drains the ring, prints the final report and exits 0. Installing our own handlers,
 * rather than a shutdown hook, keeps the JVM from starting its shutdown (which would exit 130 or 143 and race the
 * report). A second signal exits at once ({@code Runtime.halt}, status 128 + the signal's number, as a shell
 * reports a process killed by it): the way out when the report cannot finish, e.g. stdout's reader is stuck.
 * The previous handlers come back on {@link #close()}. Uses {@code sun.misc.Signal} (module jdk.unsupported,
 * exported); where it is unavailable the JVM's default handling applies.
 * Threading: install and close on one thread; the handlers run on the JVM's signal thread.
 */
public final class LiveSignals implements AutoCloseable
{
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final AtomicInteger received = new AtomicInteger();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private LiveSignals()
    {
    }

    /**
     * @param onSignal called on the first SIGINT or SIGTERM (must return quickly).
     * @param err      where the first signal is acknowledged, or null.
     * @return the installation, to close when the capture is over.
     */
    public static LiveSignals install(final Runnable onSignal, final PrintWriter err)
    {
        final LiveSignals installed = new LiveSignals();
        for (final String name : SIGNALS)
        {
            try
            {
                final Signal signal = new Signal(name);
                final SignalHandler old = Signal.handle(signal, s -> installed.onSignal(s, onSignal, err));
                installed.signals.add(signal);
                installed.previous.add(old);
            }
            catch (final IllegalArgumentException | UnsupportedOperationException ex)
            {
                // -Xrs, or a signal the JVM reserves here: default handling stays.
            }
        }
        return installed;
    }

    private void onSignal(final Signal signal, final Runnable onSignal, final PrintWriter err)
    {
        if (received.incrementAndGet() > 1)
        {
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        if (err != null)
        {
            err.println("wirestat: SIG" + signal.getName() + ": stopping, the final report follows (a second signal "
                + "exits at once)");
            err.flush();
        }
        onSignal.run();
    }

    @Override
    public void close()
    {
        for (int i = 0; i < signals.size(); i++)
        {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
