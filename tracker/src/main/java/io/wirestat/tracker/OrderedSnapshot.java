package io.wirestat.tracker;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SnapshotCursor} over record ids already sorted by first-seen time: records are built on demand, and
 * only a run of records with the same first timestamp is built ahead, to order it by the rest of
 * {@link ConnectionRecord#FIRST_SEEN_ORDER}. Not thread safe.
 */
final class OrderedSnapshot implements SnapshotCursor
{
    /** Builds the record of one id as of a time. */
    @FunctionalInterface
    interface RecordBuilder
    {
        ConnectionRecord build(int id, long asOfNanos);
    }

    private final int[] ids;
    private final long asOfNanos;
    private final RecordBuilder builder;
    private final List<ConnectionRecord> run = new ArrayList<>();
    private int runIndex;
    private int next;
    /** The record built to see where the last run ended (the first of the next run), or null. */
    private ConnectionRecord lookahead;

    OrderedSnapshot(final int[] idsInFirstSeenOrder, final long asOfNanos, final RecordBuilder builder)
    {
        this.ids = idsInFirstSeenOrder;
        this.asOfNanos = asOfNanos;
        this.builder = builder;
    }

    @Override
    public boolean hasNext()
    {
        return runIndex < run.size() || lookahead != null || next < ids.length;
    }

    @Override
    public ConnectionRecord peek()
    {
        fill();
        return run.get(runIndex);
    }

    @Override
    public ConnectionRecord next()
    {
        fill();
        final ConnectionRecord r = run.get(runIndex++);
        return r;
    }

    private void fill()
    {
        if (runIndex < run.size())
        {
            return;
        }
        run.clear();
        runIndex = 0;
        final ConnectionRecord first = lookahead != null ? lookahead : builder.build(ids[next++], asOfNanos);
        lookahead = null;
        run.add(first);
        while (next < ids.length)
        {
            // Built once: the record that ends this run is kept as the next run's first.
            final ConnectionRecord candidate = builder.build(ids[next++], asOfNanos);
            if (candidate.firstSeenNanos() != first.firstSeenNanos())
            {
                lookahead = candidate;
                break;
            }
            run.add(candidate);
        }
        if (run.size() > 1)
        {
            run.sort(ConnectionRecord.FIRST_SEEN_ORDER);
        }
    }
}
