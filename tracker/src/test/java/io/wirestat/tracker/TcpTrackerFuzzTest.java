package io.wirestat.tracker;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.FlowHash;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link TcpTracker} with random segment sequences, through its public API only ({@code onSegment},
 * {@code snapshot}, {@code cursor}, {@code counter}, {@code connectionCount}), so it holds while the tracker's
 * insides change.
 * <p>
 * Input layout: a 4-byte header (byte 0: {@code maxConnections} = 1 + low 6 bits; byte 1: TIME_WAIT of 1 to 16 s
 * in its low 4 bits, VLANs in the key unless bit 7; bytes 2-3: the high half of every sequence-number base, so
 * runs start anywhere in sequence space, wrap-around included), then one 8-byte record per segment:
 * <pre>
 *  0 source endpoint (bits 0-2), destination endpoint (bits 3-5) of {@link #ENDPOINTS}, VLAN (bits 6-7)
 *  1 TCP flags
 *  2 sequence number: signed 16-bit offset from the source endpoint's base
 *  4 acknowledgement number: signed 16-bit offset from the destination endpoint's base
 *  6 payload length (below 200: bytes; from 200: thousands of bytes)
 *  7 time step (below 128: milliseconds; 255: 5 ms backwards; otherwise seconds)
 * </pre>
 * Few endpoints and small offsets make segments meet the same connections and hit each other's windows, so the
 * state machine's paths (handshake, data, FIN, RST, reuse, retransmission, eviction) are reached.
 * <p>
 * Invariants: every endpoint's state is one of {@link TcpState}'s; records held never exceed
 * {@code maxConnections}; counters add up (records created less records evicted equals records held; segments
 * counted equals segments fed; packets in records never exceed segments tracked); {@code snapshot} and
 * {@code cursor} report the same records, the cursor in first-seen order; TIME_WAIT is gone 2·MSL after the last
 * packet; the heap allocated while feeding does not grow with the number of segments; and a second tracker fed the
 * same input reports exactly the same.
 */
class TcpTrackerFuzzTest
{
    private static final int HEADER = 4;
    private static final int RECORD = 8;
    private static final int INITIAL_CAPACITY = 16;
    /** The tables of at most 64 connections, doubled from 16, with slack: independent of the input's length. */
    private static final long MAX_FEED_ALLOCATION = 1L << 20;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    private static final int[] VLANS = {0, 100, 200, 0};

    /** Endpoints segments are sent between: two clients and two servers on IPv4, one pair on IPv6. */
    private static final Endpoint[] ENDPOINTS = {
        Endpoint.parse("10.0.0.1", 40000),
        Endpoint.parse("10.0.0.2", 80),
        Endpoint.parse("10.0.0.1", 40001),
        Endpoint.parse("10.0.0.3", 443),
        Endpoint.parse("10.0.0.2", 40000),
        Endpoint.parse("10.0.0.1", 80),
        Endpoint.parse("fd00::1", 40000),
        Endpoint.parse("fd00::2", 80),
    };

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    static
    {
        // Class loading and static tables allocate once per JVM: get them done before anything is measured.
        final byte[] warmUp = {63, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 8 + 1, 0x12, 0, 0, 0, 1, 0, 1, 0, 0x11, 0, 1, 0, 1,
            0, 1, 0, 0x15, 0, 1, 0, 1, 0, (byte)200};
        run(warmUp, 63, TimeUnit.SECONDS.toNanos(1), true, 0, Long.MAX_VALUE);
    }

    @FuzzTest(maxDuration = "20s")
    void keepsInvariantsOnAnySegments(final byte[] input)
    {
        if (input.length < HEADER)
        {
            return;
        }
        final int maxConnections = 1 + (input[0] & 63);
        final long timeWaitNanos = TimeUnit.SECONDS.toNanos(1 + (input[1] & 15));
        final boolean vlanInKey = (input[1] & 0x80) == 0;
        final int isnBase = ((input[2] & 0xFF) << 24) | ((input[3] & 0xFF) << 16);

        final Run first = run(input, maxConnections, timeWaitNanos, vlanInKey, isnBase, MAX_FEED_ALLOCATION);
        first.check(maxConnections, timeWaitNanos);
        final Run second = run(input, maxConnections, timeWaitNanos, vlanInKey, isnBase, MAX_FEED_ALLOCATION);
        assertEquals(first.records, second.records, "a second run reports different records");
        assertEquals(first.counters, second.counters, "a second run counts differently");
    }

    private static Run run(
        final byte[] input, final int maxConnections, final long timeWaitNanos, final boolean vlanInKey,
        final int isnBase, final long allocationBound)
    {
        final TcpTracker tracker = new TcpTracker(new TrackerConfig()
            .maxConnections(maxConnections)
            .timeWaitNanos(timeWaitNanos)
            .initialCapacity(INITIAL_CAPACITY)
            .vlanInKey(vlanInKey));
        final TcpSegment segment = new TcpSegment();
        long now = START_NANOS;
        int fed = 0;
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int at = HEADER; at + RECORD <= input.length; at += RECORD)
        {
            now += step(input[at + 7] & 0xFF);
            fill(segment, input, at, isnBase, now);
            tracker.onSegment(segment);
            fed++;
        }
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= allocationBound, "feeding " + fed + " segments allocated " + allocated +
            " bytes with maxConnections " + maxConnections + " (bound " + allocationBound + ")");
        return new Run(tracker, fed);
    }

    private static long step(final int code)
    {
        if (code < 128)
        {
            return TimeUnit.MILLISECONDS.toNanos(code);
        }
        if (code == 255)
        {
            return -TimeUnit.MILLISECONDS.toNanos(5);
        }
        return TimeUnit.SECONDS.toNanos(code - 127);
    }

    private static void fill(final TcpSegment s, final byte[] input, final int at, final int isnBase, final long now)
    {
        final int pair = input[at] & 0xFF;
        final int srcIndex = pair & 7;
        final int dstIndex = (pair >> 3) & 7;
        final Endpoint src = ENDPOINTS[srcIndex];
        final Endpoint dst = ENDPOINTS[dstIndex];
        final int flags = input[at + 1] & 0xFF;
        final short seqOffset = (short)(((input[at + 2] & 0xFF) << 8) | (input[at + 3] & 0xFF));
        final short ackOffset = (short)(((input[at + 4] & 0xFF) << 8) | (input[at + 5] & 0xFF));
        final int payloadCode = input[at + 6] & 0xFF;
        final int payload = payloadCode < 200 ? payloadCode : (payloadCode - 199) * 1000;

        s.timestampNanos = now;
        s.srcHi = src.hi();
        s.srcLo = src.lo();
        s.srcPort = src.port();
        s.dstHi = dst.hi();
        s.dstLo = dst.lo();
        s.dstPort = dst.port();
        s.vlan = VLANS[pair >> 6];
        s.ipVersion = src.isIpv4() ? 4 : 6;
        s.seq = base(isnBase, srcIndex) + seqOffset;
        s.ack = base(isnBase, dstIndex) + ackOffset;
        s.flags = flags;
        s.window = (input[at + 2] & 0x0F) == 0 ? 0 : 65535;
        s.windowScale = (flags & TcpSegment.SYN) != 0 ? 7 : -1;
        s.mss = (flags & TcpSegment.SYN) != 0 ? 1460 : -1;
        s.options = 0;
        s.payloadLength = payload;
        s.ipLength = (s.ipVersion == 4 ? 40 : 60) + payload;
        s.flowHash = FlowHash.of(s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort, 0);
        s.frameNumber = 0;
    }

    private static int base(final int isnBase, final int endpoint)
    {
        return isnBase + endpoint * 0x0100_0000 + 1000;
    }

    /** What one tracker reported after the whole input. */
    private static final class Run
    {
        private final TcpTracker tracker;
        private final int fed;
        private final List<ConnectionRecord> records = new ArrayList<>();
        private final List<ConnectionRecord> ordered = new ArrayList<>();
        private final List<Long> counters = new ArrayList<>();
        private final long asOf;

        Run(final TcpTracker tracker, final int fed)
        {
            this.tracker = tracker;
            this.fed = fed;
            asOf = tracker.latestTimestampNanos() == Long.MIN_VALUE ? START_NANOS : tracker.latestTimestampNanos();
            tracker.snapshot(asOf, records::add);
            final SnapshotCursor cursor = tracker.cursor(asOf);
            while (cursor.hasNext())
            {
                final ConnectionRecord peeked = cursor.peek();
                final ConnectionRecord next = cursor.next();
                assertEquals(peeked, next, "peek and next disagree");
                ordered.add(next);
            }
            for (int id = 0; id < TrackerCounter.COUNT; id++)
            {
                counters.add(tracker.counter(id));
            }
        }

        void check(final int maxConnections, final long timeWaitNanos)
        {
            final int held = tracker.connectionCount();
            assertTrue(held <= maxConnections, held + " records held, maxConnections " + maxConnections);
            assertEquals(held, records.size(), "connectionCount vs snapshot");
            assertEquals(held, ordered.size(), "connectionCount vs cursor");
            assertEquals(fed, tracker.counter(TrackerCounter.SEGMENTS), "segments counted vs fed");
            assertEquals(held, tracker.counter(TrackerCounter.CONNECTIONS) -
                    tracker.counter(TrackerCounter.EVICTED_FINISHED) - tracker.counter(TrackerCounter.EVICTED_HALF_OPEN),
                "records created less records evicted vs records held; counters " + counters);
            final long tracked = fed - tracker.counter(TrackerCounter.TABLE_FULL_DROPS);

            final List<ConnectionRecord> sorted = new ArrayList<>(records);
            sorted.sort(ConnectionRecord.FIRST_SEEN_ORDER);
            assertEquals(sorted, ordered, "cursor is not snapshot in first-seen order");

            long packets = 0;
            for (final ConnectionRecord r : records)
            {
                assertValidState(r.clientState(), r);
                assertValidState(r.serverState(), r);
                assertTrue(r.clientPackets() >= 0 && r.serverPackets() >= 0, "negative packets: " + r);
                assertTrue(r.clientPackets() + r.serverPackets() >= 1, "a record without a packet: " + r);
                assertTrue(r.clientBytes() >= 0 && r.serverBytes() >= 0, "negative bytes: " + r);
                assertTrue(r.firstSeenNanos() <= r.lastSeenNanos(), "first seen after last seen: " + r);
                assertNotEquals(null, r.history(), "no history: " + r);
                packets += r.clientPackets() + r.serverPackets();
            }
            assertTrue(packets <= tracked, packets + " packets in records > " + tracked + " segments tracked");

            // 2·MSL after the last packet, no endpoint may still be in TIME_WAIT.
            tracker.snapshot(asOf + timeWaitNanos + 1, r ->
            {
                assertValidState(r.clientState(), r);
                assertValidState(r.serverState(), r);
                assertTrue(r.clientState() != TcpState.TIME_WAIT && r.serverState() != TcpState.TIME_WAIT,
                    "TIME_WAIT outlived 2*MSL: " + r);
            });
        }

        private static void assertValidState(final byte state, final ConnectionRecord r)
        {
            assertTrue(state >= 0 && state < TcpState.COUNT, "state " + state + " is not a TcpState: " + r);
        }
    }
}
