package io.wirestat.capture.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import io.wirestat.tracker.decode.TcpSegment;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a shard alive when handling one event fails: counts the failure and remembers the first one, instead of
 * the Disruptor's default handler, which rethrows and stops the processor (losing every later packet).
 * Allocation free, so that an OutOfMemoryError in a shard is counted too instead of being thrown again from here
 * (which would end the shard's thread and leave the reader waiting on a ring nobody drains).
 * Thread safe.
 */
public final class CountingExceptionHandler implements ExceptionHandler<TcpSegment>
{
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Throwable> first = new AtomicReference<>();
    /** Where the first failure happened: a frame number, or START / SHUTDOWN. */
    private volatile long firstFrame;

    private static final long START = -1;
    private static final long SHUTDOWN = -2;

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final TcpSegment event)
    {
        record(ex, event.frameNumber);
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        record(ex, START);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        record(ex, SHUTDOWN);
    }

    private void record(final Throwable ex, final long where)
    {
        failures.incrementAndGet();
        if (first.compareAndSet(null, ex))
        {
            firstFrame = where;
        }
    }

    /** @return events whose handling threw. */
    public long failures()
    {
        return failures.get();
    }

    /** @return a description of the first failure, or null. */
    public String firstFailure()
    {
        final Throwable ex = first.get();
        if (ex == null)
        {
            return null;
        }
        final long where = firstFrame;
        return (where == START ? "shard start" : where == SHUTDOWN ? "shard shutdown" : "frame " + where) + ": " + ex;
    }
}
