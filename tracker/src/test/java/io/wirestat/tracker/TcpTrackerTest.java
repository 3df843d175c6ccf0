package io.wirestat.tracker;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.support.Wire;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.wirestat.tracker.support.Wire.ACK;
import static io.wirestat.tracker.support.Wire.FIN;
import static io.wirestat.tracker.support.Wire.RST;
import static io.wirestat.tracker.support.Wire.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpTrackerTest
{
    private final TcpTracker tracker = new TcpTracker(new TrackerConfig().initialCapacity(16));
    private final Wire wire = new Wire(tracker, "10.0.0.1", 40000, "10.0.0.2", 80);

    @Test
    void shouldEndInTimeWaitOnTheActiveCloserAndClosedOnThePassiveOne()
    {
        handshake();
        wire.client(ACK, 100).server(ACK, 200).client(ACK);
        wire.client(FIN | ACK).server(ACK).server(FIN | ACK).client(ACK);

        final ConnectionRecord r = only();
        assertStates(TcpState.TIME_WAIT, TcpState.CLOSED, r);
        // Zeek records a/d once per direction: the server's data gives "d", its later pure ACK "a".
        assertEquals("ShADdFaf", r.history());
        assertFalse(r.partial());
    }

    @Test
    void shouldExpireTimeWaitAfterTwoMslOfPacketTime()
    {
        handshake();
        wire.client(FIN | ACK).server(FIN | ACK).client(ACK);
        final long closedAt = tracker.latestTimestampNanos();

        assertStates(TcpState.TIME_WAIT, TcpState.CLOSED, wire.recordsAsOf(closedAt + 59_000_000_000L).get(0));
        assertStates(TcpState.CLOSED, TcpState.CLOSED, wire.recordsAsOf(closedAt + 60_000_000_000L).get(0));
    }

    @Test
    void shouldStartANewRecordWhenASynWithANewIsnReusesTheFourTuple()
    {
        handshake();
        wire.client(FIN | ACK).server(FIN | ACK).client(ACK);
        wire.advanceMillis(1000).clientIsn(900_000).client(SYN).server(SYN | ACK).client(ACK);

        final List<ConnectionRecord> records = wire.records();
        assertEquals(2, records.size());
        assertStates(TcpState.TIME_WAIT, TcpState.CLOSED, records.get(0));
        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, records.get(1));
        assertEquals(1, tracker.counter(TrackerCounter.PORT_REUSES));
    }

    @Test
    void shouldCountSynRetransmissionsInTheSameRecord()
    {
        wire.client(SYN);
        final int isn = wire.clientNext() - 1;
        wire.advanceMillis(1000).raw(true, SYN, isn, 0, 0).advanceMillis(2000).raw(true, SYN, isn, 0, 0);

        final ConnectionRecord r = only();
        assertStates(TcpState.SYN_SENT, TcpState.CLOSED, r);
        assertEquals(2, r.synRetransmits());
        assertEquals("S", r.history());
    }

    @Test
    void shouldCloseBothOnARstAnsweringTheSyn()
    {
        wire.client(SYN).server(RST | ACK);
        assertStates(TcpState.CLOSED, TcpState.CLOSED, only());
    }

    @Test
    void shouldIgnoreAnOutOfWindowRstAndCountIt()
    {
        handshake();
        wire.raw(false, RST, wire.serverNext() + 10_000_000, 0, 0);

        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, only());
        assertEquals(1, tracker.counter(TrackerCounter.OUT_OF_WINDOW_RSTS));

        wire.raw(false, RST, wire.serverNext(), 0, 0);
        assertStates(TcpState.CLOSED, TcpState.CLOSED, only());
    }

    @Test
    void shouldKeepCloseWaitUntilTheServerSendsItsFin()
    {
        handshake();
        wire.client(FIN | ACK).server(ACK);
        assertStates(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, only());

        wire.server(ACK, 500).client(ACK);
        assertStates(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, only());

        wire.server(FIN | ACK);
        assertStates(TcpState.FIN_WAIT_2, TcpState.LAST_ACK, only());
    }

    @Test
    void shouldNotCountAFinAsReceivedUntilItIsAcknowledged()
    {
        handshake();
        wire.client(FIN | ACK);
        assertStates(TcpState.FIN_WAIT_1, TcpState.ESTABLISHED, only());
    }

    @Test
    void shouldPassThroughClosingOnASimultaneousClose()
    {
        handshake();
        final int clientFin = wire.clientNext();
        final int serverFin = wire.serverNext();
        wire.raw(true, FIN | ACK, clientFin, serverFin, 0).raw(false, FIN | ACK, serverFin, clientFin, 0);
        assertStates(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_1, only());

        // The client acknowledges the server's FIN: client CLOSING (its own FIN unacknowledged); the server's FIN is
        // acknowledged, but it has not yet shown it received the client's FIN, so FIN_WAIT_2 by the ack rule.
        wire.raw(true, ACK, clientFin + 1, serverFin + 1, 0);
        assertStates(TcpState.CLOSING, TcpState.FIN_WAIT_2, only());

        wire.raw(false, ACK, serverFin + 1, clientFin + 1, 0);
        assertStates(TcpState.TIME_WAIT, TcpState.TIME_WAIT, only());
    }

    @Test
    void shouldEstablishBothSidesOfASimultaneousOpen()
    {
        final Wire peers = new Wire(tracker, "10.0.0.1", 5000, "10.0.0.2", 6000);
        final int a = peers.clientNext();
        final int b = peers.serverNext();
        peers.raw(true, SYN, a, 0, 0).raw(false, SYN, b, 0, 0);
        assertStates(TcpState.SYN_SENT, TcpState.SYN_SENT, only());
        peers.raw(true, SYN | ACK, a, b + 1, 0).raw(false, SYN | ACK, b, a + 1, 0);
        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, only());
        assertEquals(0, tracker.counter(TrackerCounter.PORT_REUSES));
    }

    @Test
    void shouldPickUpMidStreamWithTheWellKnownPortAsServer()
    {
        final Wire reversed = new Wire(tracker, "10.0.0.2", 443, "10.0.0.1", 50000);
        reversed.client(ACK, 1000);

        final ConnectionRecord r = only();
        assertEquals("10.0.0.1:50000", r.client().toString());
        assertEquals("10.0.0.2:443", r.server().toString());
        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, r);
        assertTrue(r.partial());
        assertEquals("d", r.history());
    }

    @Test
    void shouldKeepTheSameFourTupleInTwoVlansApart()
    {
        handshake();
        final Wire other = new Wire(tracker, "10.0.0.1", 40000, "10.0.0.2", 80).vlan(100);
        other.client(SYN);
        final List<ConnectionRecord> records = wire.records();
        assertEquals(2, records.size());
        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, records.get(0));
        assertStates(TcpState.SYN_SENT, TcpState.CLOSED, records.get(1));
        assertEquals(100, records.get(1).vlan());
    }

    @Test
    void shouldJoinDirectionsThatTheNetworkTagsWithDifferentVlans()
    {
        final Wire out = new Wire(tracker, "10.0.0.1", 40000, "10.0.0.2", 80).vlan(81);
        final Wire back = new Wire(tracker, "10.0.0.1", 40000, "10.0.0.2", 80).vlan(80);
        out.client(SYN);
        back.raw(false, SYN | ACK, 5000, out.clientNext(), 0);
        out.raw(true, ACK, out.clientNext(), 5001, 0);
        back.raw(false, ACK, 5001, out.clientNext(), 0);

        final ConnectionRecord r = only();
        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, r);
        assertEquals(81, r.vlan());
    }

    @Test
    void shouldKeepOneRecordWhenTheCaptureReordersSynAckBeforeSyn()
    {
        final int isn = wire.clientNext();
        wire.raw(false, SYN | ACK, 5000, isn + 1, 0).raw(true, SYN, isn, 0, 0).raw(true, ACK, isn + 1, 5001, 0);

        final ConnectionRecord r = only();
        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, r);
        assertEquals(0, tracker.counter(TrackerCounter.PORT_REUSES));
    }

    @Test
    void shouldCountKeepAlivesWithoutCallingThemRetransmissions()
    {
        handshake();
        wire.advanceMillis(75_000).raw(true, ACK, wire.clientNext() - 1, wire.serverNext(), 0).server(ACK);
        final ConnectionRecord r = only();
        assertStates(TcpState.ESTABLISHED, TcpState.ESTABLISHED, r);
        assertEquals(1, tracker.counter(TrackerCounter.KEEPALIVES));
        assertEquals(0, tracker.counter(TrackerCounter.RETRANSMITS));
    }

    @Test
    void shouldMarkRetransmittedDataOnceAndNotAdvanceStateTwice()
    {
        handshake();
        final int seq = wire.clientNext();
        wire.client(ACK, 100).raw(true, ACK, seq, wire.serverNext(), 100);
        wire.client(FIN | ACK);
        final int fin = wire.clientNext() - 1;
        wire.raw(true, FIN | ACK, fin, wire.serverNext(), 0).server(ACK);
        final ConnectionRecord r = only();
        assertStates(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, r);
        assertEquals(1, r.clientRetransmits());
        assertEquals("ShADTFa", r.history());
    }

    private void handshake()
    {
        wire.client(SYN).server(SYN | ACK).client(ACK);
    }

    private ConnectionRecord only()
    {
        final List<ConnectionRecord> records = wire.records();
        assertEquals(1, records.size(), "records: " + records);
        return records.get(0);
    }

    private static void assertStates(final byte client, final byte server, final ConnectionRecord r)
    {
        assertEquals(TcpState.name(client) + "/" + TcpState.name(server),
            r.clientStateName() + "/" + r.serverStateName(), r.toString());
    }
}
