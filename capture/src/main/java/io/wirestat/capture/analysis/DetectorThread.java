package io.wirestat.capture.analysis;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.Detectors;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a {@link Detectors.Run} on a thread of its own, fed in batches, while the caller goes on writing the same
 * records: after the last packet the trackers' threads are idle, and the detectors' walk (their per-path TIME_WAIT
 * sweeps, the groups) costs about as much as building and writing the records, so on two cores the two overlap.
 * The records are immutable, so both threads may read them. Not thread safe: one caller feeds it.
 */
public final class DetectorThread implements AutoCloseable
{
    private static final int BATCH = 2048;
    /** Batches in flight: enough to ride over the writer's bursts, few enough to bound what is held. */
    private static final int QUEUED_BATCHES = 8;
    private static final ConnectionRecord[] END = new ConnectionRecord[0];

    private final Consumer<ConnectionRecord> detectors;
    private final Supplier<List<Alert>> finisher;
    private final BlockingQueue<ConnectionRecord[]> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private volatile Throwable failure;
    private ConnectionRecord[] batch = new ConnectionRecord[BATCH];
    private int filled;
    private boolean ended;

    /**
     * Starts the thread.
     *
     * @param run a started detector run; from now on only this object's thread touches it, until {@link #finish}.
     */
    public DetectorThread(final Detectors.Run run)
    {
        this(run::accept, run::finish);
    }

    /**
     * @param detectors what each record is handed to, on this object's thread.
     * @param finisher  gives the alerts, called on the caller's thread once every record was handed.
     */
    DetectorThread(final Consumer<ConnectionRecord> detectors, final Supplier<List<Alert>> finisher)
    {
        this.detectors = detectors;
        this.finisher = finisher;
        this.thread = new Thread(this::drain, "wirestat-detectors");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands the detectors the next record. */
    public void accept(final ConnectionRecord record)
    {
        // A batch ends at its first null: a null record would end it early, silently.
        Objects.requireNonNull(record, "record");
        batch[filled++] = record;
        if (filled == BATCH)
        {
            hand(batch);
            batch = new ConnectionRecord[BATCH];
            filled = 0;
        }
    }

    /**
     * Waits for the detectors to see every record handed to them.
     *
     * @return their alerts, as {@link Detectors.Run#finish()} gives them.
     */
    public List<Alert> finish()
    {
        if (filled > 0)
        {
            hand(batch); // a partial batch ends at its first null
            filled = 0;
        }
        end();
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
        return finisher.get();
    }

    /** Stops the thread if {@link #finish} was not reached (the writer failed). */
    @Override
    public void close()
    {
        if (!ended)
        {
            ended = true;
            thread.interrupt();
        }
    }

    private void end()
    {
        ended = true;
        hand(END);
    }

    private void hand(final ConnectionRecord[] records)
    {
        rethrowFailure();
        try
        {
            while (!queue.offer(records, 100, TimeUnit.MILLISECONDS))
            {
                // The detector thread died: its failure, not a hang.
                rethrowFailure();
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing records to the detectors", e);
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

    private void drain()
    {
        try
        {
            while (true)
            {
                final ConnectionRecord[] records = queue.take();
                if (records == END)
                {
                    return;
                }
                for (final ConnectionRecord record : records)
                {
                    if (record == null)
                    {
                        break;
                    }
                    detectors.accept(record);
                }
            }
        }
        catch (final InterruptedException e)
        {
            // close(): the writer gave up.
        }
        catch (final RuntimeException | Error e)
        {
            failure = e;
        }
    }
}
