package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@value AlertKind#RST_AFTER_DATA}: an endpoint that answered the peer's data on an established connection with a
 * RST ({@link io.wirestat.tracker.report.EndpointActivity#rstAfterPeerData()}): it had no state for the connection
 * any more (restarted, or its side timed out or was dropped by a NAT or load balancer). Grouped by the resetting
 * side. A RST after a normal close, or one aborting a connection nobody was sending on, is not reported.
 * Stateless; thread safe.
 */
final class ResetDetector implements Detector
{
    @Override
    public boolean concerns(final ConnectionRecord record)
    {
        return record.clientActivity().rstAfterPeerData() || record.serverActivity().rstAfterPeerData();
    }

    @Override
    public void detect(
        final List<ConnectionRecord> connections,
        final long asOfNanos,
        final DetectorConfig config,
        final Consumer<Alert> sink)
    {
        final AlertGroups resets = new AlertGroups();
        for (final ConnectionRecord record : connections)
        {
            for (final EndpointView view : List.of(EndpointView.client(record), EndpointView.server(record)))
            {
                if (view.activity().rstAfterPeerData())
                {
                    resets.add(view.subject(), record, view.activity().lastPacketNanos());
                }
            }
        }
        for (final AlertGroups.Group group : resets.groups())
        {
            final Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("resets", group.count());
            final String message = group.subject() + " reset " + Texts.connections(group.count()) + " right " +
                "after receiving data on them: it had lost their state (restarted, timed out its side, or a NAT or " +
                "load balancer dropped the flow); the peers see 'connection reset by peer'.";
            sink.accept(new Alert(AlertKind.RST_AFTER_DATA, Severity.WARNING, group.subject(), group.count(),
                group.oldestNanos(), asOfNanos, evidence, group.samples(config.samples()), message));
        }
    }
}
