package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@value AlertKind#ONE_DIRECTIONAL} (info): connections of which the capture holds one direction only, though the
 * captured side's packets prove the other answered ({@link OneDirectional}). The subject is the direction seen:
 * {@code 10.0.0.1 -> 10.0.0.2:80} (client packets only) or {@code 10.0.0.2:80 -> 10.0.0.1} (server packets only).
 * States of such connections are inferred from one side's ACKs; they are not half-open. Stateless; thread safe.
 */
final class OneDirectionalDetector implements Detector
{
    @Override
    public boolean concerns(final ConnectionRecord record)
    {
        return OneDirectional.seenSide(record) != null;
    }

    @Override
    public void detect(
        final List<ConnectionRecord> connections,
        final long asOfNanos,
        final DetectorConfig config,
        final Consumer<Alert> sink)
    {
        final AlertGroups flows = new AlertGroups();
        for (final ConnectionRecord record : connections)
        {
            final EndpointView seen = OneDirectional.seenSide(record);
            if (seen != null)
            {
                final String subject = seen.isServer() ?
                    record.server() + Subjects.ARROW + Subjects.host(record.client()) :
                    Subjects.clientToService(record);
                flows.add(subject, record, record.firstSeenNanos());
            }
        }
        for (final AlertGroups.Group group : flows.groups())
        {
            final Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("connections", group.count());
            final String message = "The capture holds only the " + group.subject() + " direction of " +
                Texts.connections(group.count()) + " (asymmetric routing, a one-way mirror port, or a capture " +
                "filter); their states are inferred from one side's ACKs, and they are not half-open.";
            sink.accept(new Alert(AlertKind.ONE_DIRECTIONAL, Severity.INFO, group.subject(), group.count(),
                group.oldestNanos(), asOfNanos, evidence, group.samples(config.samples()), message));
        }
    }
}
