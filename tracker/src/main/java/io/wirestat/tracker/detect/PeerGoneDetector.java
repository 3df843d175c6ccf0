package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.TcpState;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@value AlertKind#PEER_GONE}: one side of a synchronized connection keeps retransmitting or sending keep-alives
 * (at least {@link DetectorConfig#peerGoneProbes()} since the peer last sent anything) and the peer has been silent
 * for longer than {@link DetectorConfig#peerGoneAfterNanos()}: the peer is probably gone (crashed, rebooted, or a
 * NAT or firewall between them dropped the flow). Grouped by the silent side. The peer must have sent something
 * once: a capture that holds one direction only is {@value AlertKind#ONE_DIRECTIONAL}, not a dead peer.
 * Stateless; thread safe.
 */
final class PeerGoneDetector implements Detector
{
    @Override
    public boolean concerns(final ConnectionRecord record)
    {
        return record.clientActivity().unansweredProbes() > 0 || record.serverActivity().unansweredProbes() > 0;
    }

    @Override
    public void detect(
        final List<ConnectionRecord> connections,
        final long asOfNanos,
        final DetectorConfig config,
        final Consumer<Alert> sink)
    {
        final AlertGroups gone = new AlertGroups();
        final Map<String, Long> probes = new HashMap<>();
        final Map<String, Uncertainty> doubts = new HashMap<>();
        for (final ConnectionRecord record : connections)
        {
            for (final EndpointView prober : List.of(EndpointView.client(record), EndpointView.server(record)))
            {
                final EndpointView peer = prober.peer();
                final long peerLast = peer.activity().lastPacketNanos();
                if (isProbing(prober.state()) && prober.activity().unansweredProbes() >= config.peerGoneProbes() &&
                    peer.packets() > 0 && peerLast != EndpointActivity.NEVER &&
                    asOfNanos - peerLast >= config.peerGoneAfterNanos())
                {
                    gone.add(peer.subject(), record, peerLast);
                    probes.merge(peer.subject(), (long)prober.activity().unansweredProbes(), Long::sum);
                    doubts.computeIfAbsent(peer.subject(), k -> new Uncertainty()).add(peer);
                }
            }
        }
        for (final AlertGroups.Group group : gone.groups())
        {
            final Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("connections", group.count());
            evidence.put("unanswered_probes", probes.get(group.subject()));
            final Uncertainty doubt = doubts.get(group.subject());
            evidence.put("uncertain_endpoints", doubt.count());
            final String message = group.subject() + " has been silent for up to " +
                Texts.duration(asOfNanos - group.oldestNanos()) + " on " + Texts.connections(group.count()) +
                " while the other side keeps retransmitting or probing: it is probably gone (crashed, rebooted, or " +
                "a NAT or firewall dropped the flow). The prober resets once its retries run out." +
                doubt.sentence();
            sink.accept(new Alert(AlertKind.PEER_GONE, Severity.WARNING, group.subject(), group.count(),
                group.oldestNanos(), asOfNanos, evidence, group.samples(config.samples()), message));
        }
    }

    private static boolean isProbing(final byte state)
    {
        return state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1 || state == TcpState.CLOSE_WAIT;
    }
}
