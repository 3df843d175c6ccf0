package io.wirestat.capture.analysis;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;

/**
 * Where a report's connection records come from, walked in {@link ConnectionRecord#FIRST_SEEN_ORDER}: every call
 * to {@link #iterator()} starts a fresh pass. Offline the records are rebuilt from the trackers' arrays one at a
 * time ({@link ShardRecords}), so a report of 500 k connections is written without holding them; tests and small
 * reports hand a list ({@link #of(List)}). A pass is not thread safe; passes do not share state.
 */
@FunctionalInterface
public interface RecordSource extends Iterable<ConnectionRecord>
{
    /**
     * @param records already in first-seen order.
     * @return a source walking that list.
     */
    static RecordSource of(final List<ConnectionRecord> records)
    {
        return records::iterator;
    }
}
