package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connections a detector found, grouped by subject (one alert per group): how many, since when the oldest, and a
 * stable handful of samples. Cold path. Not thread safe; one per detector call.
 */
final class AlertGroups
{
    private final Map<String, Group> groups = new TreeMap<>();

    /**
     * @param subject    the group.
     * @param record     a connection in it.
     * @param sinceNanos when this connection's evidence starts (e.g. when it entered CLOSE_WAIT).
     */
    void add(final String subject, final ConnectionRecord record, final long sinceNanos)
    {
        groups.computeIfAbsent(subject, Group::new).add(record, sinceNanos);
    }

    /** @return the groups, by subject. */
    Collection<Group> groups()
    {
        return groups.values();
    }

    /** One subject's connections. */
    static final class Group
    {
        private static final Comparator<Member> OLDEST_FIRST = Comparator
            .comparingLong(Member::sinceNanos)
            .thenComparing(m -> Subjects.sample(m.record()));

        private final String subject;
        private final List<Member> members = new ArrayList<>();
        private long oldestNanos = Long.MAX_VALUE;

        Group(final String subject)
        {
            this.subject = subject;
        }

        void add(final ConnectionRecord record, final long sinceNanos)
        {
            members.add(new Member(record, sinceNanos));
            oldestNanos = Math.min(oldestNanos, sinceNanos);
        }

        String subject()
        {
            return subject;
        }

        int count()
        {
            return members.size();
        }

        long oldestNanos()
        {
            return oldestNanos;
        }

        /** @return the connections, oldest evidence first. */
        List<ConnectionRecord> records()
        {
            members.sort(OLDEST_FIRST);
            final List<ConnectionRecord> records = new ArrayList<>(members.size());
            for (final Member m : members)
            {
                records.add(m.record());
            }
            return records;
        }

        /**
         * @param limit how many.
         * @return the oldest connections' 4-tuples, oldest first.
         */
        List<String> samples(final int limit)
        {
            members.sort(OLDEST_FIRST);
            final List<String> samples = new ArrayList<>(Math.min(limit, members.size()));
            for (int i = 0; i < members.size() && i < limit; i++)
            {
                samples.add(Subjects.sample(members.get(i).record()));
            }
            return List.copyOf(samples);
        }
    }

    private record Member(ConnectionRecord record, long sinceNanos)
    {
    }
}
