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
    private final int sampleLimit;

    /** Groups that keep every member. */
    AlertGroups()
    {
        this(Integer.MAX_VALUE);
    }

    /** @param sampleLimit members each group keeps (see {@link Group#Group(String, int)}). */
    AlertGroups(final int sampleLimit)
    {
        this.sampleLimit = sampleLimit;
    }

    /**
     * @param subject    the group.
     * @param record     a connection in it.
     * @param sinceNanos when this connection's evidence starts (e.g. when it entered CLOSE_WAIT).
     */
    void add(final String subject, final ConnectionRecord record, final long sinceNanos)
    {
        groups.computeIfAbsent(subject, s -> new Group(s, sampleLimit)).add(record, sinceNanos);
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
        private final int sampleLimit;
        private long oldestNanos = Long.MAX_VALUE;
        private int count;

        Group(final String subject)
        {
            this(subject, Integer.MAX_VALUE);
        }

        /**
         * @param subject     what the group is about.
         * @param sampleLimit members kept: only the this many oldest (by {@link #OLDEST_FIRST}) are held, the rest
         *                    only counted, so {@link #samples} up to this limit is exact and {@link #records} is not
         *                    available when bounded.
         */
        Group(final String subject, final int sampleLimit)
        {
            this.subject = subject;
            this.sampleLimit = sampleLimit;
        }

        void add(final ConnectionRecord record, final long sinceNanos)
        {
            count++;
            oldestNanos = Math.min(oldestNanos, sinceNanos);
            final Member member = new Member(record, sinceNanos);
            if (members.size() < sampleLimit)
            {
                members.add(member);
                return;
            }
            int newest = 0;
            for (int i = 1; i < members.size(); i++)
            {
                if (OLDEST_FIRST.compare(members.get(i), members.get(newest)) > 0)
                {
                    newest = i;
                }
            }
            if (!members.isEmpty() && OLDEST_FIRST.compare(member, members.get(newest)) < 0)
            {
                members.set(newest, member);
            }
        }

        String subject()
        {
            return subject;
        }

        int count()
        {
            return count;
        }

        long oldestNanos()
        {
            return oldestNanos;
        }

        /** @return the connections, oldest evidence first. */
        List<ConnectionRecord> records()
        {
            if (count != members.size())
            {
                throw new IllegalStateException("a bounded group keeps samples, not every record");
            }
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
            if (limit > sampleLimit)
            {
                throw new IllegalArgumentException("group keeps " + sampleLimit + " samples, " + limit + " asked");
            }
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
