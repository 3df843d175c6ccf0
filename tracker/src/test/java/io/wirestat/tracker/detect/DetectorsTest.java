package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.wirestat.tracker.detect.Conn.activity;
import static io.wirestat.tracker.detect.Conn.at;
import static io.wirestat.tracker.detect.Conn.conn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorsTest
{
    private static final double NEVER = Double.NaN;

    private final DetectorConfig config = new DetectorConfig();

    @Test
    void shouldGroupSilentCloseWaitByServiceAndTellAnActiveHalfCloseApart()
    {
        final List<ConnectionRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            records.add(conn().client("10.0.0." + (i + 1), 40_000).server("10.0.0.9", 8080)
                .client(TcpState.FIN_WAIT_2, 10 + i).server(TcpState.CLOSE_WAIT, 10 + i)
                .serverActivity(activity(10 + i, 5, 0, 0, false, NEVER)).build());
        }
        // Still sending 5 s ago, after the FIN: a half-close in use.
        records.add(conn().server("10.0.0.9", 9090).client(TcpState.FIN_WAIT_2, 10).server(TcpState.CLOSE_WAIT, 10)
            .serverActivity(activity(95, 95, 0, 0, false, NEVER)).build());
        // Silent, but only 30 s in CLOSE_WAIT: not yet.
        records.add(conn().server("10.0.0.9", 7070).client(TcpState.FIN_WAIT_2, 70).server(TcpState.CLOSE_WAIT, 70)
            .build());

        final List<Alert> alerts = Detectors.run(records, at(100), config);

        final Alert leak = only(alerts, AlertKind.STUCK_CLOSE_WAIT);
        assertEquals("10.0.0.9:8080", leak.subject());
        assertEquals(3, leak.count());
        assertEquals(Severity.WARNING, leak.severity());
        assertEquals(at(100) - at(10), leak.ageNanos());
        assertEquals(List.of("10.0.0.1:40000 -> 10.0.0.9:8080", "10.0.0.2:40000 -> 10.0.0.9:8080",
            "10.0.0.3:40000 -> 10.0.0.9:8080"), leak.samples());
        assertEquals(3, leak.evidence().get("peers_in_fin_wait_2"));
        final Alert halfClose = only(alerts, AlertKind.HALF_CLOSE_ACTIVE);
        assertEquals("10.0.0.9:9090", halfClose.subject());
        assertEquals(Severity.INFO, halfClose.severity());
        // The leak's mirror, FIN_WAIT_2 on the clients, names the service that never closes.
        assertEquals("10.0.0.9:8080", only(alerts, AlertKind.STUCK_FIN_WAIT_2).subject());
        assertEquals(3, only(alerts, AlertKind.STUCK_FIN_WAIT_2).count());
    }

    @Test
    void shouldNameTheClientHostWhenTheClientIsInCloseWait()
    {
        final List<Alert> alerts = Detectors.run(List.of(conn().client(TcpState.CLOSE_WAIT, 0)
            .server(TcpState.FIN_WAIT_2, 0).build()), at(61), config);
        assertEquals("10.0.0.1 -> 10.0.0.2:80", only(alerts, AlertKind.STUCK_CLOSE_WAIT).subject());
        assertEquals("10.0.0.1 -> 10.0.0.2:80", only(alerts, AlertKind.STUCK_FIN_WAIT_2).subject());
    }

    @Test
    void shouldBeCriticalForALeakInBulk()
    {
        config.closeWaitCriticalCount(2);
        final List<ConnectionRecord> records = List.of(
            conn().client("10.0.0.1", 1).server(TcpState.CLOSE_WAIT, 0).build(),
            conn().client("10.0.0.1", 2).server(TcpState.CLOSE_WAIT, 0).build());
        assertEquals(Severity.CRITICAL, only(Detectors.run(records, at(60), config), AlertKind.STUCK_CLOSE_WAIT)
            .severity());
    }

    @Test
    void shouldReportLastAckWithRetransmittedFinsOnly()
    {
        final List<ConnectionRecord> records = List.of(
            conn().client(TcpState.FIN_WAIT_2, 0).server(TcpState.LAST_ACK, 1)
                .serverActivity(activity(3, NEVER, 2, 2, false, NEVER)).build(),
            conn().client("10.0.0.3", 1).client(TcpState.FIN_WAIT_2, 0).server(TcpState.LAST_ACK, 1)
                .serverActivity(activity(2, NEVER, 1, 1, false, NEVER)).build());
        final Alert alert = only(Detectors.run(records, at(4), config), AlertKind.LAST_ACK_LOST);
        assertEquals("10.0.0.2:80", alert.subject());
        assertEquals(1, alert.count());
        assertEquals(2L, alert.evidence().get("fin_retransmits"));
    }

    @Test
    void shouldReportFinRetransmittedIntoTimeWaitButNotBefore()
    {
        final ConnectionRecord lost = conn().client(TcpState.TIME_WAIT, 1).server(TcpState.CLOSED, 1)
            .clientActivity(activity(1.5, NEVER, 0, 0, false, 1))
            .serverActivity(activity(1.4, NEVER, 1, 1, false, NEVER)).build();
        final ConnectionRecord before = conn().client("10.0.0.3", 1).client(TcpState.TIME_WAIT, 1)
            .server(TcpState.CLOSED, 1).clientActivity(activity(1, NEVER, 0, 0, false, 1))
            .serverActivity(activity(0.9, NEVER, 1, 1, false, NEVER)).build();
        final Alert alert = only(Detectors.run(List.of(lost, before), at(2), config),
            AlertKind.FIN_RETRANSMIT_IN_TIME_WAIT);
        assertEquals("10.0.0.1 -> 10.0.0.2:80", alert.subject());
        assertEquals(1, alert.count());
    }

    @Test
    void shouldWarnOnATimeWaitPileUpAgainstThePortRangeAndNotBelowTheFloor()
    {
        config.portRange(40_000, 40_199);
        final List<ConnectionRecord> records = new ArrayList<>();
        for (int i = 0; i < 170; i++)
        {
            records.add(conn().client("10.0.0.1", 40_000 + i).first(i * 0.1).client(TcpState.TIME_WAIT, i * 0.1)
                .server(TcpState.CLOSED, i * 0.1).clientActivity(activity(i * 0.1, NEVER, 0, 0, false, i * 0.1))
                .build());
        }
        // Another client: 5 TIME_WAIT, far below the floor.
        for (int i = 0; i < 5; i++)
        {
            records.add(conn().client("10.0.0.7", 50_000 + i).client(TcpState.TIME_WAIT, i)
                .server(TcpState.CLOSED, i).clientActivity(activity(i, NEVER, 0, 0, false, i)).build());
        }
        final List<Alert> alerts = Detectors.run(records, at(20), config);
        final Alert pileUp = only(alerts, AlertKind.TIME_WAIT_PILEUP);
        assertEquals("10.0.0.1 -> 10.0.0.2:80", pileUp.subject());
        assertEquals(170, pileUp.count());
        assertEquals(Severity.CRITICAL, pileUp.severity());
        assertEquals(170, pileUp.evidence().get("peak"));
        assertEquals(85.0, pileUp.evidence().get("percent_of_port_range"));
        assertEquals(8.5, pileUp.evidence().get("churn_per_second"));
        assertTrue(pileUp.message().contains("tcp_tw_reuse"));

        config.portRange(40_000, 40_299);
        assertEquals(Severity.WARNING,
            only(Detectors.run(records, at(20), config), AlertKind.TIME_WAIT_PILEUP).severity());
        config.portRange(40_000, 40_009);
        config.timeWaitFloor(200);
        assertEquals(0, count(Detectors.run(records, at(20), config), AlertKind.TIME_WAIT_PILEUP));
    }

    @Test
    void shouldGroupTimeWaitReuseByService()
    {
        final List<Alert> alerts = Detectors.run(List.of(conn().reusedTimeWait().build(),
            conn().client("10.0.0.1", 40_001).reusedTimeWait().build(), conn().client("10.0.0.1", 40_002).build()),
            at(1), config);
        assertEquals(2, only(alerts, AlertKind.TIME_WAIT_REUSE).count());
    }

    @Test
    void shouldTellUnansweredSynsFromSlowOnes()
    {
        final List<ConnectionRecord> records = List.of(
            conn().client(TcpState.SYN_SENT, 0).server(TcpState.UNKNOWN, 0).packets(3, 0).synRetransmits(2).build(),
            conn().client("10.0.0.1", 40_001).client(TcpState.SYN_SENT, 8).server(TcpState.UNKNOWN, 8)
                .packets(1, 0).build(),
            conn().client("10.0.0.1", 40_002).first(0).client(TcpState.ESTABLISHED, 3)
                .server(TcpState.ESTABLISHED, 3).synRetransmits(2).build());
        final Alert alert = only(Detectors.run(records, at(10), config), AlertKind.SYN_UNANSWERED);
        assertEquals(1, alert.count());
        assertEquals(2L, alert.evidence().get("syn_retransmits"));
    }

    @Test
    void shouldCountRetransmissionsInTheSingularAndThePlural()
    {
        final Alert one = only(Detectors.run(List.of(conn().client(TcpState.SYN_SENT, 0).server(TcpState.UNKNOWN, 0)
            .packets(2, 0).synRetransmits(1).build()), at(10), config), AlertKind.SYN_UNANSWERED);
        assertTrue(one.message().contains("(1 retransmission)"), one.message());
        final Alert none = only(Detectors.run(List.of(conn().client(TcpState.SYN_SENT, 0).server(TcpState.UNKNOWN, 0)
            .packets(1, 0).build()), at(10), config), AlertKind.SYN_UNANSWERED);
        assertTrue(none.message().contains("(0 retransmissions)"), none.message());
        final Alert synRecv = only(Detectors.run(List.of(conn().client(TcpState.SYN_SENT, 0)
            .server(TcpState.SYN_RECV, 0).packets(1, 2).build()), at(10), config), AlertKind.SYN_RECV_STUCK);
        assertTrue(synRecv.message().contains("answered 1 SYN with a SYN-ACK never acknowledged"), synRecv.message());
    }

    @Test
    void shouldCallManyHalfOpenFromManySourcesAFloodInsteadOfStuckSynRecv()
    {
        final List<ConnectionRecord> records = new ArrayList<>();
        for (int i = 0; i < 120; i++)
        {
            records.add(conn().client("192.0.2." + (i % 30), 1024 + i).first(i * 0.01)
                .client(TcpState.SYN_SENT, i * 0.01).server(TcpState.SYN_RECV, i * 0.01).packets(1, 2).build());
        }
        records.add(conn().server("10.0.0.5", 443).client(TcpState.SYN_SENT, 0).server(TcpState.SYN_RECV, 0)
            .packets(1, 3).build());
        final List<Alert> alerts = Detectors.run(records, at(5), config);
        final Alert flood = only(alerts, AlertKind.SYN_FLOOD);
        assertEquals(Severity.CRITICAL, flood.severity());
        assertEquals(120, flood.count());
        assertEquals(30, flood.evidence().get("sources"));
        assertEquals(flood, alerts.get(0));
        final Alert stuck = only(alerts, AlertKind.SYN_RECV_STUCK);
        assertEquals("10.0.0.5:443", stuck.subject());
    }

    @Test
    void shouldCallASilentProbedPeerGoneButNotAnAnsweredOne()
    {
        final List<ConnectionRecord> records = List.of(
            conn().clientActivity(activity(90, 10, 0, 4, false, NEVER))
                .serverActivity(activity(10, 10, 0, 0, false, NEVER)).build(),
            conn().client("10.0.0.1", 40_001).clientActivity(activity(90, 10, 0, 0, false, NEVER))
                .serverActivity(activity(90, 10, 0, 0, false, NEVER)).build(),
            // Only the client's direction was captured: never a dead peer.
            conn().client("10.0.0.1", 40_002).packets(10, 0).clientActivity(activity(90, 10, 0, 5, false, NEVER))
                .serverActivity(activity(NEVER, NEVER, 0, 0, false, NEVER)).build());
        final List<Alert> alerts = Detectors.run(records, at(100), config);
        final Alert gone = only(alerts, AlertKind.PEER_GONE);
        assertEquals("10.0.0.2:80", gone.subject());
        assertEquals(1, gone.count());
        assertEquals("10.0.0.1 -> 10.0.0.2:80", only(alerts, AlertKind.ONE_DIRECTIONAL).subject());
    }

    @Test
    void shouldGroupResetsAfterDataByTheResettingSide()
    {
        final List<ConnectionRecord> records = List.of(
            conn().client(TcpState.CLOSED, 5).server(TcpState.CLOSED, 5)
                .serverActivity(activity(5, 1, 0, 0, true, NEVER)).build(),
            conn().client("10.0.0.1", 40_001).client(TcpState.CLOSED, 5).server(TcpState.CLOSED, 5).build());
        final Alert alert = only(Detectors.run(records, at(6), config), AlertKind.RST_AFTER_DATA);
        assertEquals("10.0.0.2:80", alert.subject());
        assertEquals(1, alert.count());
    }

    @Test
    void shouldNotMistakeAServerOnlyCaptureForAStuckSynRecv()
    {
        final ConnectionRecord serverOnly = conn().client(TcpState.SYN_SENT, 0).server(TcpState.SYN_RECV, 0)
            .packets(0, 5).serverBytes(4000).build();
        final List<Alert> alerts = Detectors.run(List.of(serverOnly), at(10), config);
        assertEquals(1, alerts.size(), alerts::toString);
        assertEquals("10.0.0.2:80 -> 10.0.0.1", only(alerts, AlertKind.ONE_DIRECTIONAL).subject());
    }

    @Test
    void shouldOrderBySeverityThenCountThenKindThenSubject()
    {
        final Alert a = alert("b_kind", Severity.WARNING, "x", 5);
        final Alert b = alert("a_kind", Severity.WARNING, "y", 5);
        final Alert c = alert("a_kind", Severity.WARNING, "x", 5);
        final Alert d = alert("z_kind", Severity.WARNING, "x", 9);
        final Alert e = alert("z_kind", Severity.CRITICAL, "x", 1);
        final Alert f = alert("a_kind", Severity.INFO, "x", 100);
        final List<Alert> sorted = new ArrayList<>(List.of(a, b, c, d, e, f));
        sorted.sort(Detectors.ORDER);
        assertEquals(List.of(e, d, c, b, a, f), sorted);
    }

    @Test
    void shouldFindNothingInHealthyConnections()
    {
        assertEquals(List.of(), Detectors.run(List.of(conn().build(),
            conn().client("10.0.0.1", 40_001).client(TcpState.TIME_WAIT, 1).server(TcpState.CLOSED, 1)
                .clientActivity(activity(1, NEVER, 0, 0, false, 1)).build()), at(2), config));
    }

    private static Alert alert(final String kind, final Severity severity, final String subject, final long count)
    {
        return new Alert(kind, severity, subject, count, 0, 0, java.util.Map.of(), List.of(), "");
    }

    private static long count(final List<Alert> alerts, final String kind)
    {
        return alerts.stream().filter(a -> a.kind().equals(kind)).count();
    }

    private static Alert only(final List<Alert> alerts, final String kind)
    {
        assertEquals(1, count(alerts, kind), () -> "one " + kind + " in " + alerts);
        return alerts.stream().filter(a -> a.kind().equals(kind)).findFirst().orElseThrow();
    }
}
