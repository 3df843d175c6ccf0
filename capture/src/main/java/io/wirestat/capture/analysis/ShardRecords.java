package io.wirestat.capture.analysis;

import io.wirestat.tracker.SnapshotCursor;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of stopped tracker shards as one stream in {@link ConnectionRecord#FIRST_SEEN_ORDER}: each pass opens
 * one {@link SnapshotCursor} per shard and merges them by comparing their heads, so only the shards' next records are
 * held. The trackers must no longer be fed (offline: after the pipeline drained and stopped). Each pass is for one
 * thread.
 */
final class ShardRecords implements RecordSource
{
    private final List<TcpTracker> trackers;
    private final long asOfNanos;

    /**
     * @param trackers  the stopped shards' trackers.
     * @param asOfNanos packet time the records describe.
     */
    ShardRecords(final List<TcpTracker> trackers, final long asOfNanos)
    {
        this.trackers = List.copyOf(trackers);
        this.asOfNanos = asOfNanos;
    }

    @Override
    public Iterator<ConnectionRecord> iterator()
    {
        final SnapshotCursor[] cursors = new SnapshotCursor[trackers.size()];
        for (int i = 0; i < cursors.length; i++)
        {
            cursors[i] = trackers.get(i).cursor(asOfNanos);
        }
        return new Merge(cursors);
    }

    /** k-way merge by head; k is the shard count (1 or 2 in practice), so a linear scan beats a heap. */
    private static final class Merge implements Iterator<ConnectionRecord>
    {
        private final SnapshotCursor[] cursors;

        Merge(final SnapshotCursor[] cursors)
        {
            this.cursors = cursors;
        }

        @Override
        public boolean hasNext()
        {
            for (final SnapshotCursor cursor : cursors)
            {
                if (cursor.hasNext())
                {
                    return true;
                }
            }
            return false;
        }

        @Override
        public ConnectionRecord next()
        {
            SnapshotCursor best = null;
            for (final SnapshotCursor cursor : cursors)
            {
                if (cursor.hasNext()
                    && (best == null || ConnectionRecord.FIRST_SEEN_ORDER.compare(cursor.peek(), best.peek()) < 0))
                {
                    best = cursor;
                }
            }
            if (best == null)
            {
                throw new NoSuchElementException();
            }
            return best.next();
        }
    }
}
