package io.wirestat.capture.analysis;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.Detectors;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One pass over a report's records on a thread of its own: that thread rebuilds each record from the trackers and
 * hands it to the detectors, then passes it on, in batches, to the caller, who writes it. After the last packet the
 * trackers' threads are idle; rebuilding the records and the detectors' walk cost about what composing and writing
 * the lines costs, so on two cores the two halves overlap. The records are immutable, so both threads may read
 * them; at most {@value #QUEUED_BATCHES} batches of {@value #BATCH} are held. Not thread safe: one caller takes the
 * records, from {@link #iterator()} once.
 */
public final class DetectingRecordFeed implements Iterable<ConnectionRecord>, AutoCloseable
{
    /**
     * Records per hand-over. Small, because whatever is queued survives the young collections the record building
     * causes (about 0.8 KB of garbage a record) and is copied by each: with 2048 the end of a 520 k-connection run
     * spent 0.5-1.0 CPU-s in GC, with 256 0.2-0.5.
     */
    static final int BATCH = 256;
    /** Batches in flight: enough to ride over the writer's bursts, few enough to bound what is held. */
    private static final int QUEUED_BATCHES = 8;
    private static final ConnectionRecord[] END = new ConnectionRecord[0];

    private final RecordSource source;
    private final Consumer<ConnectionRecord> detectors;
    private final Supplier<List<Alert>> finisher;
    private final BlockingQueue<ConnectionRecord[]> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private volatile Throwable failure;
    private boolean iterated;
    /** The caller took the end marker: every record was handed. */
    private boolean drained;
    private boolean ended;

    /**
     * Starts the thread.
     *
     * @param source the records, walked once, on this object's thread.
     * @param run    a started detector run; from now on only this object's thread touches it, until {@link #finish}.
     */
    public DetectingRecordFeed(final RecordSource source, final Detectors.Run run)
    {
        this(source, run::accept, run::finish);
    }

    /**
     * @param source    the records, walked once, on this object's thread.
     * @param detectors what each record is handed to, on this object's thread, before the caller gets it.
     * @param finisher  gives the alerts, called on the caller's thread once every record was handed.
     */
    DetectingRecordFeed(
        final RecordSource source, final Consumer<ConnectionRecord> detectors, final Supplier<List<Alert>> finisher)
    {
        this.source = source;
        this.detectors = detectors;
        this.finisher = finisher;
        this.thread = new Thread(this::feed, "wirestat-records");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the records, in the source's order, each already seen by the detectors; once only. A failure of the
     *         thread (the source's or a detector's) is thrown from {@code hasNext}.
     */
    @Override
    public Iterator<ConnectionRecord> iterator()
    {
        if (iterated)
        {
            throw new IllegalStateException("the records are fed once");
        }
        iterated = true;
        return new Batches();
    }

    /**
     * Waits for the thread to end, after the caller took every record.
     *
     * @return the detectors' alerts, as {@link Detectors.Run#finish()} gives them.
     * @throws IllegalStateException if the caller did not take every record first: the alerts would be partial.
     */
    public List<Alert> finish()
    {
        if (!drained)
        {
            throw new IllegalStateException("the detectors' alerts asked for before every record was taken");
        }
        try
        {
            thread.join();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the detectors ran", e);
        }
        rethrowFailure();
        ended = true;
        return finisher.get();
    }

    /** Stops the thread if {@link #finish} was not reached (the writer failed or stopped early). */
    @Override
    public void close()
    {
        if (!ended)
        {
            ended = true;
            thread.interrupt();
        }
    }

    private void feed()
    {
        try
        {
            ConnectionRecord[] batch = new ConnectionRecord[BATCH];
            int filled = 0;
            for (final ConnectionRecord record : source)
            {
                detectors.accept(record);
                batch[filled++] = record;
                if (filled == BATCH)
                {
                    queue.put(batch);
                    batch = new ConnectionRecord[BATCH];
                    filled = 0;
                }
            }
            if (filled > 0)
            {
                queue.put(batch); // a partial batch ends at its first null
            }
            queue.put(END);
        }
        catch (final InterruptedException e)
        {
            // close(): the writer gave up.
        }
        catch (final RuntimeException | Error e)
        {
            failure = e;
            // The caller may be waiting for a batch: END wakes it, and it finds the failure. If the queue is full
            // the caller is not waiting, and sees the failure when it next polls.
            queue.offer(END);
        }
    }

    private void rethrowFailure()
    {
        final Throwable f = failure;
        if (f instanceof RuntimeException r)
        {
            throw r;
        }
        if (f instanceof Error e)
        {
            throw e;
        }
    }

    /** The caller's side: takes batch after batch until the end marker. */
    private final class Batches implements Iterator<ConnectionRecord>
    {
        private ConnectionRecord[] batch = new ConnectionRecord[0];
        private int next;
        private boolean done;

        @Override
        public boolean hasNext()
        {
            if (done)
            {
                return false;
            }
            if (next < batch.length && batch[next] != null)
            {
                return true;
            }
            batch = take();
            next = 0;
            if (batch == END)
            {
                done = true;
                drained = failure == null;
                rethrowFailure();
                return false;
            }
            return true;
        }

        @Override
        public ConnectionRecord next()
        {
            if (!hasNext())
            {
                throw new NoSuchElementException();
            }
            return batch[next++];
        }

        private ConnectionRecord[] take()
        {
            try
            {
                while (true)
                {
                    final ConnectionRecord[] taken = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (taken != null)
                    {
                        return taken;
                    }
                    // The thread died with the queue full (its END not queued), or is still working.
                    rethrowFailure();
                    if (!thread.isAlive() && queue.isEmpty())
                    {
                        return END;
                    }
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for records", e);
            }
        }
    }
}
