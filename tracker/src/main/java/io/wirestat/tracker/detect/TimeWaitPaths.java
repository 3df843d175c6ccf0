package io.wirestat.tracker.detect;

import io.wirestat.tracker.flow.FlowHash;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The paths by client host, VLAN and service, and their TIME_WAIT connections, all in primitive arrays: it is
 * asked once for every connection of the capture (80 k paths and 400 k TIME_WAIT connections on the bench's
 * capture), and following a path object, its key's endpoint, its sweep and its samples cost a cache miss each
 * per connection. Paths are found by open addressing over their index (linear probing, 0 = empty). For
 * {@link TimeWaitDetector}; not thread safe, one per pass.
 */
final class TimeWaitPaths
{
    private int[] slots = new int[1024];
    private long[] clientHi = new long[256];
    private long[] clientLo = new long[256];
    private long[] serverHi = new long[256];
    private long[] serverLo = new long[256];
    /** Server port in the upper 16 bits, the VLAN's lower 16 in the rest: one compare that rejects most probes. */
    private int[] portVlan = new int[256];
    private int[] vlan = new int[256];
    private long[] connections = new long[256];
    private int paths;
    // One entry per TIME_WAIT connection, in the order seen.
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private int[] ports = new int[1024];
    private int[] pathOf = new int[1024];
    private int entries;

    /** Counts a connection on its path. @return the path's index. */
    int count(final ConnectionRecord record)
    {
        final Endpoint client = record.client();
        final Endpoint server = record.server();
        final int path = find(client.hi(), client.lo(), record.vlan(), server.hi(), server.lo(), server.port());
        connections[path]++;
        return path;
    }

    /** Adds a TIME_WAIT connection of a path: its interval {@code [start, end)} (may be empty) and port. */
    void timeWait(final int path, final long start, final long end, final int clientPort)
    {
        if (entries == starts.length)
        {
            final int n = entries * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            ports = Arrays.copyOf(ports, n);
            pathOf = Arrays.copyOf(pathOf, n);
        }
        starts[entries] = start;
        ends[entries] = end;
        ports[entries] = clientPort;
        pathOf[entries++] = path;
    }

    /**
     * Hands each path with at least {@code floor} non-empty TIME_WAIT intervals, in the order the paths were
     * first seen, as a {@link Path} with its sweep and samples filled (the others cannot alert).
     */
    void forEachCandidate(final int floor, final int samples, final Consumer<Path> consumer)
    {
        // Group the entries by path (a counting sort: arrival order kept within a path).
        final int[] first = new int[paths + 1];
        final int[] nonEmpty = new int[paths];
        for (int i = 0; i < entries; i++)
        {
            first[pathOf[i] + 1]++;
            if (ends[i] > starts[i])
            {
                nonEmpty[pathOf[i]]++;
            }
        }
        for (int p = 0; p < paths; p++)
        {
            first[p + 1] += first[p];
        }
        final int[] next = Arrays.copyOf(first, paths);
        final int[] byPath = new int[entries];
        for (int i = 0; i < entries; i++)
        {
            byPath[next[pathOf[i]]++] = i;
        }
        for (int p = 0; p < paths; p++)
        {
            if (nonEmpty[p] < floor)
            {
                continue;
            }
            final Path path = new Path(clientHi[p], clientLo[p], vlan[p],
                new Endpoint(serverHi[p], serverLo[p], portVlan[p] >>> 16), samples, connections[p]);
            for (int k = first[p]; k < first[p + 1]; k++)
            {
                final int e = byPath[k];
                path.sweep.add(starts[e], ends[e]);
                path.samples.add(starts[e], ports[e]);
            }
            consumer.accept(path);
        }
    }

    private int find(
        final long cHi, final long cLo, final int vl, final long sHi, final long sLo, final int sPort)
    {
        final int key = sPort << 16 | (vl & 0xFFFF);
        final int mask = slots.length - 1;
        int slot = hash(cHi, cLo, vl, sHi, sLo, sPort) & mask;
        int entry;
        while ((entry = slots[slot]) != 0)
        {
            final int p = entry - 1;
            if (clientLo[p] == cLo && serverLo[p] == sLo && portVlan[p] == key && clientHi[p] == cHi &&
                serverHi[p] == sHi && vlan[p] == vl)
            {
                return p;
            }
            slot = (slot + 1) & mask;
        }
        final int p = add(cHi, cLo, vl, sHi, sLo, key);
        slots[slot] = p + 1;
        if (paths * 2 > slots.length)
        {
            grow();
        }
        return p;
    }

    private int add(final long cHi, final long cLo, final int vl, final long sHi, final long sLo, final int key)
    {
        if (paths == clientHi.length)
        {
            final int n = paths * 2;
            clientHi = Arrays.copyOf(clientHi, n);
            clientLo = Arrays.copyOf(clientLo, n);
            serverHi = Arrays.copyOf(serverHi, n);
            serverLo = Arrays.copyOf(serverLo, n);
            portVlan = Arrays.copyOf(portVlan, n);
            vlan = Arrays.copyOf(vlan, n);
            connections = Arrays.copyOf(connections, n);
        }
        clientHi[paths] = cHi;
        clientLo[paths] = cLo;
        serverHi[paths] = sHi;
        serverLo[paths] = sLo;
        portVlan[paths] = key;
        vlan[paths] = vl;
        return paths++;
    }

    private void grow()
    {
        slots = new int[slots.length * 2];
        final int mask = slots.length - 1;
        for (int p = 0; p < paths; p++)
        {
            int slot = hash(clientHi[p], clientLo[p], vlan[p], serverHi[p], serverLo[p], portVlan[p] >>> 16) &
                mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = p + 1;
        }
    }

    /** IPv4-mapped addresses are long runs of equal bits: mix them, or the table clusters. */
    private static int hash(
        final long cHi, final long cLo, final int vl, final long sHi, final long sLo, final int sPort)
    {
        final long client = FlowHash.mix(FlowHash.mix(cHi) ^ cLo);
        final long service = FlowHash.mix(FlowHash.mix(sHi) ^ sLo) ^ ((long)sPort << 32 | vl);
        return (int)FlowHash.mix(client ^ service * 0x9E3779B97F4A7C15L);
    }

    /**
     * One client-to-service path that may alert, made at the end from the table's entries. Most paths
     * of a busy capture never alert: the subject text is made only for the ones that do.
     */
    static final class Path
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        final long clientHi;
        final long clientLo;
        final int vlan;
        final Endpoint server;
        /** The path's oldest TIME_WAIT connections, by client port (the rest of the 4-tuple is the path's). */
        final TimeWaitDetector.PathSamples samples;
        final long connections;

        Path(final long clientHi, final long clientLo, final int vlan, final Endpoint server, final int samples,
            final long connections)
        {
            this.clientHi = clientHi;
            this.clientLo = clientLo;
            this.vlan = vlan;
            this.server = server;
            this.samples = new TimeWaitDetector.PathSamples(samples);
            this.connections = connections;
        }

        /** Subjects.clientToService of any record on the path: the client's host (its port does not show). */
        String subject()
        {
            return Subjects.host(new Endpoint(clientHi, clientLo, 0)) + Subjects.ARROW + server;
        }

        /** @return the samples as Subjects.sample spells them, oldest first. */
        List<String> samples(final int limit)
        {
            final int[] ports = samples.oldestFirst(limit);
            final String host = Subjects.host(new Endpoint(clientHi, clientLo, 0)) + ":";
            final String rest = Subjects.ARROW + server + (vlan == 0 ? "" : " vlan " + vlan);
            final List<String> out = new ArrayList<>(ports.length);
            for (final int port : ports)
            {
                out.add(host + port + rest);
            }
            return List.copyOf(out);
        }
    }
}
