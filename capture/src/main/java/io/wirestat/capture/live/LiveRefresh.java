package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one refresh of the live view shows, computed once and handed to the view and the metrics: the status, the
 * packet rate since the previous refresh, the alerts, per-state counts, the hot endpoints and this host's sockets.
 * Immutable; thread safe.
 *
 * @param device          the interface.
 * @param status          the snapshot.
 * @param packetsPerSecond packets per second since the previous refresh (0 on the first).
 * @param alerts          alerts as of the snapshot, most severe first.
 * @param clientStates    connections by client state, closed ones included, indexed by {@link TcpState}.
 * @param serverStates    the same by server state.
 * @param closeWaitTop    endpoints with the most CLOSE_WAIT.
 * @param timeWaitTop     endpoints with the most TIME_WAIT.
 * @param procs           this host's sockets and their owners.
 */
public record LiveRefresh(
    String device,
    LiveStatus status,
    double packetsPerSecond,
    List<Alert> alerts,
    long[] clientStates,
    long[] serverStates,
    List<Hotspot> closeWaitTop,
    List<Hotspot> timeWaitTop,
    ProcessAttribution procs)
{
    /** Endpoints listed per hot state. */
    static final int TOP = 5;

    /**
     * @param device   the interface.
     * @param status   the snapshot.
     * @param previous the previous refresh's status, or null.
     * @param procs    this host's sockets.
     * @return the refresh.
     */
    static LiveRefresh of(
        final String device, final LiveStatus status, final LiveStatus previous, final ProcessAttribution procs,
        final DetectorConfig detectors)
    {
        final long[] client = new long[TcpState.COUNT];
        final long[] server = new long[TcpState.COUNT];
        for (final ConnectionRecord record : status.connections())
        {
            client[record.clientState()]++;
            server[record.serverState()]++;
        }
        double pps = 0;
        if (previous != null && status.asOfNanos() > previous.asOfNanos())
        {
            pps = (status.frames() - previous.frames()) * 1e9 / (status.asOfNanos() - previous.asOfNanos());
        }
        return new LiveRefresh(device, status, pps, LiveAlerts.evaluate(status.connections(), status.asOfNanos(), detectors, procs),
            client, server,
            Hotspots.top(status.connections(), TcpState.CLOSE_WAIT, procs, TOP),
            Hotspots.top(status.connections(), TcpState.TIME_WAIT, procs, TOP),
            procs);
    }

    /**
     * @param epochNanos a timestamp.
     * @return epoch seconds with six decimals, as every wirestat JSON timestamp.
     */
    static BigDecimal epochSeconds(final long epochNanos)
    {
        return BigDecimal.valueOf(Math.floorDiv(epochNanos, 1_000L), 6);
    }
}
