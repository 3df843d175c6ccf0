package io.wirestat.tracker.flow;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowTableTest
{
    private static final long V4 = 0x0000_FFFF_0000_0000L;

    @Test
    void shouldFindBothDirectionsOfOneRecord()
    {
        final FlowTable table = new FlowTable(16);
        final int id = insert(table, 1, 40000, 2, 80);
        assertEquals(id << 1, find(table, 1, 40000, 2, 80));
        assertEquals(id << 1 | FlowTable.FROM_SERVER, find(table, 2, 80, 1, 40000));
        assertEquals(FlowTable.NOT_FOUND, find(table, 1, 40001, 2, 80));
    }

    @Test
    void shouldPointTheKeyAtTheNewRecordOnReuseAndKeepTheOld()
    {
        final FlowTable table = new FlowTable(16);
        final int old = insert(table, 1, 40000, 2, 80);
        final int fresh = insert(table, 1, 40000, 2, 80);
        assertEquals(fresh << 1, find(table, 1, 40000, 2, 80));
        assertTrue(table.isLive(old));
        assertEquals(2, table.liveCount());

        table.remove(old);
        assertEquals(fresh << 1, find(table, 1, 40000, 2, 80), "removing the replaced record leaves the key alone");
    }

    @Test
    void shouldStayConsistentUnderRandomInsertAndRemoveWithIdReuse()
    {
        final FlowTable table = new FlowTable(16);
        final Random random = new Random(42);
        final Map<Integer, Integer> liveByClientPort = new HashMap<>();
        for (int round = 0; round < 200_000; round++)
        {
            final int port = 1 + random.nextInt(5000);
            final Integer id = liveByClientPort.get(port);
            if (id == null)
            {
                liveByClientPort.put(port, insert(table, 7, port, 9, 443));
            }
            else
            {
                assertEquals(id << 1, find(table, 7, port, 9, 443), "round " + round);
                table.remove(id);
                assertFalse(table.isLive(id));
                liveByClientPort.remove(port);
            }
        }
        assertEquals(liveByClientPort.size(), table.liveCount());
        for (final Map.Entry<Integer, Integer> e : liveByClientPort.entrySet())
        {
            assertEquals(e.getValue() << 1, find(table, 7, e.getKey(), 9, 443));
        }
        assertTrue(table.size() <= 5000, "ids are reused: high-water mark " + table.size());
    }

    @Test
    void shouldNeverTakeARecentHintThatIsNoLongerTheKeysCurrentRecord()
    {
        // Three clients whose flow hashes agree in their low 16 bits: they share the recent-flows slot.
        final int[] clients = new int[3];
        final int low = hash(1, 40000, 9, 443) & 0xFFFF;
        clients[0] = 1;
        for (int client = 2, found = 1; found < 3; client++)
        {
            if ((hash(client, 40000, 9, 443) & 0xFFFF) == low)
            {
                clients[found++] = client;
            }
        }
        final FlowTable table = new FlowTable(16);
        final int a = insert(table, clients[0], 40000, 9, 443);
        assertEquals(a << 1, find(table, clients[0], 40000, 9, 443));
        final int b = insert(table, clients[1], 40000, 9, 443);
        assertEquals(b << 1, find(table, clients[1], 40000, 9, 443));
        assertEquals(a << 1, find(table, clients[0], 40000, 9, 443), "the hint names b: a is found by the index");

        final int aReused = insert(table, clients[0], 40000, 9, 443);
        assertEquals(aReused << 1, find(table, clients[0], 40000, 9, 443), "port reuse: the new record");
        table.remove(aReused);
        assertEquals(FlowTable.NOT_FOUND, find(table, clients[0], 40000, 9, 443),
            "neither the removed record nor the one it replaced (live, no longer indexed)");
        assertTrue(table.isLive(a));

        table.remove(b);
        final int c = insert(table, clients[2], 40000, 9, 443);
        assertEquals(b, c, "the id is reused");
        assertEquals(FlowTable.NOT_FOUND, find(table, clients[1], 40000, 9, 443), "b's id now holds c");
        assertEquals(c << 1 | FlowTable.FROM_SERVER, find(table, 9, 443, clients[2], 40000));
    }

    @Test
    void shouldAgreeWithAModelOfCurrentRecordsUnderReuseRemovalAndIdReuse()
    {
        // More clients than recent-flows slots, so hints are overwritten and go stale all the time.
        final FlowTable table = new FlowTable(16);
        final Random random = new Random(5);
        final Map<Integer, Integer> current = new HashMap<>();
        for (int round = 0; round < 400_000; round++)
        {
            final int client = 1 + random.nextInt(20_000);
            final int op = random.nextInt(10);
            if (op < 5)
            {
                final Integer id = current.get(client);
                assertEquals(id == null ? FlowTable.NOT_FOUND : id << 1, find(table, client, 40000, 9, 443),
                    "round " + round);
            }
            else if (op < 8)
            {
                current.put(client, insert(table, client, 40000, 9, 443)); // new, or port reuse
            }
            else
            {
                final Integer id = current.remove(client);
                if (id != null)
                {
                    table.remove(id);
                }
            }
        }
    }

    private static int insert(final FlowTable t, final int a, final int aPort, final int b, final int bPort)
    {
        return t.insert(hash(a, aPort, b, bPort), 0, V4 | a, aPort, 0, V4 | b, bPort, 0);
    }

    private static int find(final FlowTable t, final int src, final int srcPort, final int dst, final int dstPort)
    {
        return t.find(hash(src, srcPort, dst, dstPort), 0, V4 | src, srcPort, 0, V4 | dst, dstPort, 0);
    }

    private static int hash(final int a, final int aPort, final int b, final int bPort)
    {
        return FlowHash.of(0, V4 | a, aPort, 0, V4 | b, bPort, 0);
    }
}
