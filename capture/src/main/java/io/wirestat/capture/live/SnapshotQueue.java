package io.wirestat.capture.live;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * Snapshots asked for from any thread, answered by the one thread that publishes into the ring: the ring has a
 * single producer, so no other thread may put a snapshot request into it. The producing thread looks at
 * {@link #waiting()} between packets and while it waits, and {@link #serve()}s; once it stops publishing it
 * {@link #end()}s the queue, and every request, queued or later, gets no answer at once instead of a timeout.
 * Apart from the sources because {@link LiveCapture} and {@link StreamPacketSource} queue, answer and end their
 * requests the same way. Thread safe: {@link #ask} from any thread, {@link #serve()} and {@link #end()} on the
 * producing thread.
 */
final class SnapshotQueue
{
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final LongFunction<SnapshotAnswer> answerer;
    private volatile boolean waiting;
    private volatile boolean ended;

    /**
     * @param answerer on the producing thread: puts a request into the ring as of the time asked for, and returns
     *                 the producer's half of the snapshot, or null when there is nothing to report yet.
     */
    SnapshotQueue(final LongFunction<SnapshotAnswer> answerer)
    {
        this.answerer = answerer;
    }

    /**
     * @param asOfNanos     passed to the answerer: the time the snapshot is asked as of, if the asker sets it.
     * @param timeoutMillis how long to wait for the producing thread.
     * @return the producer's half of the snapshot, or null if the producer has ended, had nothing to report or did
     * not answer in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    SnapshotAnswer ask(final long asOfNanos, final long timeoutMillis) throws InterruptedException
    {
        if (ended)
        {
            return null;
        }
        final Pending p = new Pending(asOfNanos);
        pending.add(p);
        waiting = true;
        if (ended)
        {
            // Raced with end(): it may have drained the queue before our add.
            pending.remove(p);
            return null;
        }
        try
        {
            return p.future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            return null;
        }
    }

    /** @return whether a request waits for {@link #serve()}: one volatile read, cheap enough for every packet. */
    boolean waiting()
    {
        return waiting;
    }

    /** On the producing thread: answers every request queued. Cold: a few per second at most. */
    void serve()
    {
        if (!waiting)
        {
            return;
        }
        waiting = false;
        Pending p;
        while ((p = pending.poll()) != null)
        {
            p.future.complete(answerer.apply(p.asOfNanos));
        }
    }

    /** On the producing thread, once it publishes no more: requests queued, and any asked from now on, get null. */
    void end()
    {
        ended = true;
        Pending p;
        while ((p = pending.poll()) != null)
        {
            p.future.complete(null);
        }
    }

    /** @return whether {@link #end()} was called. */
    boolean ended()
    {
        return ended;
    }

    /** A snapshot asked for, waiting for the producing thread. */
    private static final class Pending
    {
        final long asOfNanos;
        final CompletableFuture<SnapshotAnswer> future = new CompletableFuture<>();

        Pending(final long asOfNanos)
        {
            this.asOfNanos = asOfNanos;
        }
    }
}
