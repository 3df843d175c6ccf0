package io.wirestat.capture.live;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a clean stop while a live capture runs: the handler only asks the capture
 * to end; the main thread then drains the ring, prints the final report and exits 0. Installing our own handlers,
 * rather than a shutdown hook, keeps the JVM from starting its shutdown (which would exit 130 or 143 and race the
 * report). The previous handlers come back on {@link #close()}. Uses {@code sun.misc.Signal} (module
 * jdk.unsupported, exported); where it is unavailable the JVM's default handling applies.
 * Threading: install and close on one thread; the handlers run on the JVM's signal thread.
 */
public final class LiveSignals implements AutoCloseable
{
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private LiveSignals()
    {
    }

    /**
     * @param onSignal called on SIGINT and SIGTERM (must return quickly).
     * @return the installation, to close when the capture is over.
     */
    public static LiveSignals install(final Runnable onSignal)
    {
        final LiveSignals installed = new LiveSignals();
        for (final String name : SIGNALS)
        {
            try
            {
                final Signal signal = new Signal(name);
                final SignalHandler old = Signal.handle(signal, s -> onSignal.run());
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

    @Override
    public void close()
    {
        for (int i = 0; i < signals.size(); i++)
        {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
