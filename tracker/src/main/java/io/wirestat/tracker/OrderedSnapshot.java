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

    OrderedSnapshot(final int[] idsInFirstSeenOrder, final long asOfNanos, final RecordBuilder builder)
    {
        this.ids = idsInFirstSeenOrder;
        this.asOfNanos = asOfNanos;
        this.builder = builder;
    }

    @Override
    public boolean hasNext()
    {
        return runIndex < run.size() || next < ids.length;
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
        final ConnectionRecord first = builder.build(ids[next++], asOfNanos);
        run.add(first);
        while (next < ids.length)
        {
            final ConnectionRecord candidate = builder.build(ids[next], asOfNanos);
            if (candidate.firstSeenNanos() != first.firstSeenNanos())
            {
                break;
            }
            run.add(candidate);
            next++;
        }
        if (run.size() > 1)
        {
            run.sort(ConnectionRecord.FIRST_SEEN_ORDER);
        }
    }

    /**
     * Sorts ids by their keys, stably (equal keys keep id order). Allocates one scratch pair of arrays.
     *
     * @param ids  to reorder.
     * @param keys one per id, reordered with it.
     */
    static void sortByKey(final int[] ids, final long[] keys)
    {
        boolean sorted = true;
        for (int i = 1; i < keys.length && sorted; i++)
        {
            sorted = keys[i - 1] <= keys[i];
        }
        if (sorted)
        {
            return;
        }
        mergeSort(ids, keys, new int[ids.length], new long[keys.length], 0, ids.length);
    }

    private static void mergeSort(
        final int[] ids, final long[] keys, final int[] tmpIds, final long[] tmpKeys, final int from, final int to)
    {
        if (to - from < 2)
        {
            return;
        }
        final int mid = (from + to) >>> 1;
        mergeSort(ids, keys, tmpIds, tmpKeys, from, mid);
        mergeSort(ids, keys, tmpIds, tmpKeys, mid, to);
        if (keys[mid - 1] <= keys[mid])
        {
            return;
        }
        System.arraycopy(ids, from, tmpIds, from, to - from);
        System.arraycopy(keys, from, tmpKeys, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++)
        {
            if (j >= to || (i < mid && tmpKeys[i] <= tmpKeys[j]))
            {
                ids[k] = tmpIds[i];
                keys[k] = tmpKeys[i++];
            }
            else
            {
                ids[k] = tmpIds[j];
                keys[k] = tmpKeys[j++];
            }
        }
    }
}
