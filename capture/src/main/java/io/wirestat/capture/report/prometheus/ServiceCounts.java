package io.wirestat.capture.report.prometheus;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Connections in one state by service (the server endpoint, {@code ip:port}), client and server side apart, cut to
 * the services with the most such connections and a remainder, so that a metric per service has a bounded number of
 * series whatever the traffic, and sums over services still give the totals. Cold path. Immutable once built.
 */
final class ServiceCounts
{
    /** The service label of the remainder. */
    static final String OTHER = "other";

    /**
     * One service's connections in the state.
     *
     * @param service the server endpoint, or {@link #OTHER}.
     * @param client  connections whose client side is in the state.
     * @param server  connections whose server side is in the state.
     */
    record Row(String service, long client, long server)
    {
        long total()
        {
            return client + server;
        }
    }

    private final List<Row> top;
    private final Row other;

    private ServiceCounts(final List<Row> top, final Row other)
    {
        this.top = top;
        this.other = other;
    }

    /**
     * @param connections the records.
     * @param state       the {@code TcpState} counted.
     * @param limit       services kept apart.
     * @return the counts: the {@code limit} services with most connections in the state (ties by name), and the rest.
     */
    static ServiceCounts of(final List<ConnectionRecord> connections, final byte state, final int limit)
    {
        final Map<String, long[]> byService = new HashMap<>();
        for (final ConnectionRecord r : connections)
        {
            final boolean client = r.clientState() == state;
            final boolean server = r.serverState() == state;
            if (client || server)
            {
                final long[] counts = byService.computeIfAbsent(r.server().toString(), k -> new long[2]);
                counts[0] += client ? 1 : 0;
                counts[1] += server ? 1 : 0;
            }
        }
        final List<Row> rows = new ArrayList<>(byService.size());
        byService.forEach((service, counts) -> rows.add(new Row(service, counts[0], counts[1])));
        rows.sort(Comparator.comparingLong(Row::total).reversed().thenComparing(Row::service));
        long otherClient = 0;
        long otherServer = 0;
        for (int i = limit; i < rows.size(); i++)
        {
            otherClient += rows.get(i).client();
            otherServer += rows.get(i).server();
        }
        final List<Row> top = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
        return new ServiceCounts(top, new Row(OTHER, otherClient, otherServer));
    }

    /** @return the services kept apart, most connections first. */
    List<Row> top()
    {
        return top;
    }

    /** @return the sum of all the others. */
    Row other()
    {
        return other;
    }
}
