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
