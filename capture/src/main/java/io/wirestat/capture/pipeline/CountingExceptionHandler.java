package io.wirestat.capture.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import io.wirestat.tracker.decode.TcpSegment;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a shard alive when handling one event fails: counts the failure and remembers the first one, instead of
 * the Disruptor's default handler, which rethrows and stops the processor (losing every later packet).
 * Thread safe.
 */
public final class CountingExceptionHandler implements ExceptionHandler<TcpSegment>
{
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>();

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final TcpSegment event)
    {
        failures.incrementAndGet();
        first.compareAndSet(null, "frame " + event.frameNumber + ": " + ex);
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        failures.incrementAndGet();
        first.compareAndSet(null, "shard start: " + ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        failures.incrementAndGet();
        first.compareAndSet(null, "shard shutdown: " + ex);
    }

    /** @return events whose handling threw. */
    public long failures()
    {
        return failures.get();
    }

    /** @return a description of the first failure, or null. */
    public String firstFailure()
    {
        return first.get();
    }
}
