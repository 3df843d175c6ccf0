package io.wirestat.capture.live;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the endpoints holding the most connections in a state, from either side: a server endpoint counts as
 * {@code ip:port}; a client, whose ephemeral ports all differ, as its address. Each group gets the most frequent
 * owner of its sockets on this host. Cold path. Stateless; thread safe.
 */
final class Hotspots
{
    private Hotspots()
    {
    }

    /**
     * @param connections a snapshot's connections.
     * @param state       the {@link TcpState} to rank by.
     * @param procs       this host's sockets, for owners.
     * @param limit       how many to return.
     * @return the top endpoints, most connections first.
     */
    static List<Hotspot> top(
        final List<ConnectionRecord> connections, final byte state, final ProcessAttribution procs, final int limit)
    {
        final Map<String, Group> groups = new LinkedHashMap<>();
        for (final ConnectionRecord record : connections)
        {
            if (record.serverState() == state)
            {
                groups.computeIfAbsent(record.server().toString(), k -> new Group())
                    .add(procs.server(record), state);
            }
            if (record.clientState() == state)
            {
                groups.computeIfAbsent(record.client().address(), k -> new Group())
                    .add(procs.client(record), state);
            }
        }
        final List<Hotspot> top = new ArrayList<>();
        for (final Map.Entry<String, Group> e : groups.entrySet())
        {
            final Group g = e.getValue();
            top.add(new Hotspot(e.getKey(), TcpState.name(state), g.count, g.owner(), g.kernelAgrees));
        }
        top.sort(Comparator.comparingLong(Hotspot::count).reversed().thenComparing(Hotspot::endpoint));
        return top.size() > limit ? new ArrayList<>(top.subList(0, limit)) : top;
    }

    /** Counts of one endpoint. */
    private static final class Group
    {
        long count;
        long kernelAgrees;
        final Map<String, Integer> owners = new HashMap<>();

        void add(final KernelSocket socket, final byte state)
        {
            count++;
            if (socket != null)
            {
                if (socket.state() == state)
                {
                    kernelAgrees++;
                }
                if (socket.pid() != 0)
                {
                    owners.merge(socket.owner(), 1, Integer::sum);
                }
            }
        }

        String owner()
        {
            String best = "-";
            int most = 0;
            for (final Map.Entry<String, Integer> e : owners.entrySet())
            {
                if (e.getValue() > most)
                {
                    best = e.getKey();
                    most = e.getValue();
                }
            }
            return best;
        }
    }
}
