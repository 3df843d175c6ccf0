package io.wirestat.tracker;

import io.wirestat.tracker.report.ConnectionRecord;

/**
 * Pull-style walk over one tracker's records in {@link ConnectionRecord#FIRST_SEEN_ORDER}, built one at a time so a
 * report can stream them (and merge several shards' cursors) without holding every record. Cold path.
 * <p>
 * Not thread safe; read it on the thread that owns the tracker, or after the tracker's thread has stopped.
 */
public interface SnapshotCursor
{
    /** @return true while records remain. */
    boolean hasNext();

    /** @return the next record without consuming it; only when {@link #hasNext()}. */
    ConnectionRecord peek();

    /** @return the next record, consumed; only when {@link #hasNext()}. */
    ConnectionRecord next();
}
