package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.AlertKind;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live alerts name the process that holds the sockets they are about, from a {@code /proc} shaped like the kernel's
 * (LiveProcNetTcpTest's: 127.0.0.1:8080 holds a CLOSE_WAIT socket towards 127.0.0.1:54321, owned by 4242/leaky),
 * instead of telling the user to run {@code ss -tanp}; without a known owner the alerts are left as they were.
 */
class AlertOwnersTest
{
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** The client closed at T0 (FIN_WAIT_2); the server read the end of file and never closed (CLOSE_WAIT). */
    private final ConnectionRecord leak = new ConnectionRecord(Endpoint.parse("127.0.0.1", 54_321),
        Endpoint.parse("127.0.0.1", 8080), 0, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, T0 - SECOND, T0, 5, 4, 10, 10,
        210, 170, "ShADadF", false, 0, T0, T0, 0, 0);

    @Test
    void shouldNameTheOwningProcessInsteadOfSendingTheUserToSs() throws Exception
    {
        final ProcessAttribution procs = ProcessAttribution.read(
            LiveProcNetTcpTest.fakeProc(Files.createTempDirectory("proc")));
        final List<Alert> alerts = LiveAlerts.evaluate(List.of(leak), T0 + 120 * SECOND, new DetectorConfig(), procs);
        final Alert closeWait = only(alerts, AlertKind.STUCK_CLOSE_WAIT);
        assertTrue(closeWait.message().contains("(a socket leak). The sockets belong to 4242/leaky: fix its close "
            + "path."), closeWait.message());
        assertFalse(closeWait.message().contains("ss -tanp"), closeWait.message());
        assertEquals("4242/leaky", closeWait.evidence().get("process"));
        // FIN_WAIT_2's subject is the side that never closes: the same socket, the same owner.
        final Alert finWait2 = only(alerts, AlertKind.STUCK_FIN_WAIT_2);
        assertTrue(finWait2.message().endsWith(" The sockets belong to 4242/leaky."), finWait2.message());
    }

    @Test
    void shouldLeaveAlertsAloneWhenNoOwnerIsKnown()
    {
        final List<Alert> plain = LiveAlerts.evaluate(List.of(leak), T0 + 120 * SECOND, new DetectorConfig());
        assertSame(plain.size(), LiveAlerts.evaluate(List.of(leak), T0 + 120 * SECOND, new DetectorConfig(),
            ProcessAttribution.EMPTY).size());
        assertTrue(only(plain, AlertKind.STUCK_CLOSE_WAIT).message().contains("ss -tanp state close-wait"));
        assertEquals(plain, LiveAlerts.evaluate(List.of(leak), T0 + 120 * SECOND, new DetectorConfig(),
            ProcessAttribution.EMPTY));
    }

    private static Alert only(final List<Alert> alerts, final String kind)
    {
        final List<Alert> of = alerts.stream().filter(a -> a.kind().equals(kind)).toList();
        assertEquals(1, of.size(), alerts.toString());
        return of.get(0);
    }
}
