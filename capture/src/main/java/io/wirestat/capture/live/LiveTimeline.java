package io.wirestat.capture.live;

import io.wirestat.capture.report.timeline.Timeline;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The timeline's rows in {@code live}: one per refresh ({@code --interval}), in the columns of {@code analyze
 * --timeline} ({@link Timeline#COLUMNS}): the endpoints per state as of the refresh, the opens, ends and
 * retransmissions since the previous one, the alerts seen for the first time, the TIME_WAIT peak per destination
 * now. Not thread safe; one per view.
 */
final class LiveTimeline
{
    private final int portRange;
    private final Set<String> seen = new HashSet<>();
    private LiveStatus previous;

    /** @param portRange the ephemeral port range's size. */
    LiveTimeline(final int portRange)
    {
        this.portRange = portRange;
    }

    /**
     * @param r this refresh.
     * @return its row's values.
     */
    Object[] next(final LiveRefresh r)
    {
        return next(r.status(), r.clientStates(), r.serverStates(), r.alerts());
    }

    /**
     * @param s      a status.
     * @param client its connections by client state.
     * @param server its connections by server state.
     * @param alerts its alerts.
     * @return its row's values.
     */
    Object[] next(final LiveStatus s, final long[] client, final long[] server, final List<Alert> alerts)
    {
        final long start = previous == null ? s.startNanos() : previous.asOfNanos();
        final long[] events = s.connectionEvents().clone();
        final long[] before = previous == null ? new long[events.length] : previous.connectionEvents();
        for (int e = 0; e < events.length; e++)
        {
            events[e] -= before[e];
        }
        final List<Alert> fired = new ArrayList<>();
        for (final Alert a : alerts)
        {
            if (seen.add(a.kind() + " " + a.subject()))
            {
                fired.add(a);
            }
        }
        final Map<String, Long> paths = new HashMap<>();
        for (final ConnectionRecord c : s.connections())
        {
            if (c.clientState() == TcpState.TIME_WAIT || c.serverState() == TcpState.TIME_WAIT)
            {
                final Endpoint host = c.client();
                paths.merge((host.isIpv4() ? host.address() : "[" + host.address() + "]") + " -> " + c.server(),
                    1L, Long::sum);
            }
        }
        long peak = 0;
        String path = null;
        for (final Map.Entry<String, Long> p : paths.entrySet())
        {
            if (p.getValue() > peak || p.getValue() == peak && path != null && p.getKey().compareTo(path) < 0)
            {
                peak = p.getValue();
                path = p.getKey();
            }
        }
        final Object[] row = Timeline.row(s.asOfNanos(), s.asOfNanos() - start, client, server,
            events, delta(s, TrackerCounter.CONNECTIONS), delta(s, TrackerCounter.SYN_RETRANSMITS),
            delta(s, TrackerCounter.RETRANSMITS), fired, peak, path, portRange);
        previous = s;
        return row;
    }

    private long delta(final LiveStatus s, final int counter)
    {
        return s.trackerCounters()[counter] - (previous == null ? 0 : previous.trackerCounters()[counter]);
    }
}
