package io.wirestat.capture.report.html;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints that hold most connections in one state as of the report (the service of a CLOSE_WAIT leak, the
 * side that keeps TIME_WAIT), with the age of the oldest: the endpoint in that state is the subject, its own
 * address and port (a client in TIME_WAIT is counted under its host, its ports being many). Cold path; fed with
 * {@link #accept} during a pass over the records. Not thread safe.
 */
final class TopServices
{
    private final byte state;
    private final long asOfNanos;
    private final Map<String, long[]> counts = new HashMap<>();

    /** One row: the endpoint, how many, and the oldest age in nanoseconds. */
    record Entry(String endpoint, String side, long count, long oldestAgeNanos)
    {
    }

    TopServices(final byte state, final long asOfNanos)
    {
        this.state = state;
        this.asOfNanos = asOfNanos;
    }

    void accept(final ConnectionRecord r)
    {
        if (r.serverState() == state)
        {
            add(r.server().toString() + "\tserver", r.serverStateSinceNanos());
        }
        if (r.clientState() == state)
        {
            final Endpoint c = r.client();
            add((c.isIpv4() ? c.address() : "[" + c.address() + "]") + "\tclient", r.clientStateSinceNanos());
        }
    }

    private void add(final String key, final long since)
    {
        final long[] v = counts.computeIfAbsent(key, k -> new long[] {0, Long.MAX_VALUE});
        v[0]++;
        v[1] = Math.min(v[1], since);
    }

    /** @return the k largest, most connections first (then oldest first, then by name). */
    List<Entry> top(final int k)
    {
        final List<Entry> all = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : counts.entrySet())
        {
            final String[] parts = e.getKey().split("\t");
            all.add(new Entry(parts[0], parts[1], e.getValue()[0], asOfNanos - e.getValue()[1]));
        }
        all.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) :
            a.oldestAgeNanos() != b.oldestAgeNanos() ? Long.compare(b.oldestAgeNanos(), a.oldestAgeNanos()) :
                a.endpoint().compareTo(b.endpoint()));
        return all.subList(0, Math.min(k, all.size()));
    }

    /** @return endpoints with at least one connection in the state. */
    int size()
    {
        return counts.size();
    }
}
