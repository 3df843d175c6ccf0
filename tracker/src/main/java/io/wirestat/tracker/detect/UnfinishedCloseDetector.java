package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.TcpState;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Closes that do not finish:
 * <ul>
 *   <li>{@value AlertKind#STUCK_FIN_WAIT_2}: an endpoint in FIN_WAIT_2 longer than
 *       {@link DetectorConfig#finWait2AfterNanos()}, grouped by the <em>remote</em> side that never closes. It is the
 *       mirror of {@value AlertKind#STUCK_CLOSE_WAIT} as the other host sees it (its FIN_WAIT_2 sockets, and whose
 *       fault they are); a FIN_WAIT_2 whose peer still sends data is a half-close in use and is not reported.</li>
 *   <li>{@value AlertKind#LAST_ACK_LOST}: an endpoint in LAST_ACK that retransmitted its FIN at least
 *       {@link DetectorConfig#lastAckRetransmits()} times: the final ACK does not arrive.</li>
 *   <li>{@value AlertKind#FIN_RETRANSMIT_IN_TIME_WAIT}: a peer that retransmits its FIN while the other side is in
 *       TIME_WAIT, grouped by the side in TIME_WAIT: the active closer's ACKs are lost on the way.</li>
 * </ul>
 * Stateless; thread safe.
 */
final class UnfinishedCloseDetector implements IncrementalDetector
{
    @Override
    public boolean concerns(final ConnectionRecord record)
    {
        final byte c = record.clientState();
        final byte s = record.serverState();
        return c == TcpState.FIN_WAIT_2 || s == TcpState.FIN_WAIT_2 || c == TcpState.LAST_ACK ||
            s == TcpState.LAST_ACK || record.clientActivity().timeWaitSinceNanos() != EndpointActivity.NEVER ||
            record.serverActivity().timeWaitSinceNanos() != EndpointActivity.NEVER;
    }

    @Override
    public Pass start(final long asOfNanos, final DetectorConfig config)
    {
        return new Closes(asOfNanos, config);
    }

    /**
     * Incremental: only the records that match (stuck, retransmitting) are grouped; the rest are looked at and
     * dropped, so the connections that merely passed through TIME_WAIT (most of a busy capture) are not held.
     */
    private final class Closes implements Pass
    {
        private final AlertGroups finWait2 = new AlertGroups();
        private final AlertGroups lastAck = new AlertGroups();
        private final AlertGroups timeWaitFins = new AlertGroups();
        private final Map<String, Long> lastAckFins = new HashMap<>();
        private final Map<String, Uncertainty> lastAckDoubts = new HashMap<>();
        private final Map<String, Long> peerFins = new HashMap<>();
        private final long asOfNanos;
        private final DetectorConfig config;

        Closes(final long asOfNanos, final DetectorConfig config)
        {
            this.asOfNanos = asOfNanos;
            this.config = config;
        }

        @Override
        public void accept(final ConnectionRecord record)
        {
            if (!concerns(record))
            {
                return;
            }
            // Each side in turn: this runs for most records of a busy capture (all that reached TIME_WAIT).
            acceptSide(record, EndpointView.client(record));
            acceptSide(record, EndpointView.server(record));
        }

        private void acceptSide(final ConnectionRecord record, final EndpointView view)
        {
            if (isStuckFinWait2(view, asOfNanos, config))
            {
                finWait2.add(view.peer().subject(), record, view.stateSinceNanos());
            }
            if (view.state() == TcpState.LAST_ACK &&
                view.activity().finRetransmits() >= config.lastAckRetransmits())
            {
                lastAck.add(view.subject(), record, view.stateSinceNanos());
                lastAckFins.merge(view.subject(), (long)view.activity().finRetransmits(), Long::sum);
                final Uncertainty doubt = lastAckDoubts.computeIfAbsent(view.subject(), k -> new Uncertainty());
                doubt.add(view.peer());
                doubt.add(view);
            }
            if (peerRetransmitsFinInTimeWait(view, config))
            {
                timeWaitFins.add(view.subject(), record, view.activity().timeWaitSinceNanos());
                peerFins.merge(view.subject(), (long)view.peer().activity().finRetransmits(), Long::sum);
            }
        }

        @Override
        public void finish(final Consumer<Alert> sink)
        {
            for (final AlertGroups.Group group : finWait2.groups())
            {
                final String message = Texts.connections(group.count()) + " wait in FIN_WAIT_2 for up to " +
                    Texts.duration(asOfNanos - group.oldestNanos()) + " because " + group.subject() +
                    " never closes its side (see stuck_close_wait). Linux drops orphaned FIN_WAIT_2 after " +
                    "net.ipv4.tcp_fin_timeout; the ones left belong to applications that called shutdown() and " +
                    "still wait.";
                sink.accept(alert(AlertKind.STUCK_FIN_WAIT_2, group, asOfNanos, config, evidenceOf(group), message));
            }
            for (final AlertGroups.Group group : lastAck.groups())
            {
                final Map<String, Object> evidence = evidenceOf(group);
                evidence.put("fin_retransmits", lastAckFins.get(group.subject()));
                final Uncertainty doubt = lastAckDoubts.get(group.subject());
                evidence.put("uncertain_endpoints", doubt.count());
                final String message = group.subject() + " keeps retransmitting its FIN on " +
                    Texts.connections(group.count()) + " in LAST_ACK: the peer's final ACK is lost (or the peer is " +
                    "gone). Look for loss or a firewall dropping the packets of closing connections." +
                    doubt.sentence();
                sink.accept(alert(AlertKind.LAST_ACK_LOST, group, asOfNanos, config, evidence, message));
            }
            for (final AlertGroups.Group group : timeWaitFins.groups())
            {
                final Map<String, Object> evidence = evidenceOf(group);
                evidence.put("peer_fin_retransmits", peerFins.get(group.subject()));
                final String message = "The peers of " + group.subject() + " retransmit their FIN on " +
                    Texts.connections(group.count()) + " already in TIME_WAIT: the active closer's final ACKs are " +
                    "lost on the way. Look for loss or a filter on the path back to the peer.";
                sink.accept(
                    alert(AlertKind.FIN_RETRANSMIT_IN_TIME_WAIT, group, asOfNanos, config, evidence, message));
            }
        }
    }

    private static boolean isStuckFinWait2(final EndpointView view, final long asOfNanos, final DetectorConfig config)
    {
        if (view.state() != TcpState.FIN_WAIT_2 || asOfNanos - view.stateSinceNanos() < config.finWait2AfterNanos())
        {
            return false;
        }
        final EndpointView peer = view.peer();
        return !CloseWaitDetector.stillSending(peer, asOfNanos, config.finWait2AfterNanos());
    }

    private static boolean peerRetransmitsFinInTimeWait(final EndpointView view, final DetectorConfig config)
    {
        final long timeWaitSince = view.activity().timeWaitSinceNanos();
        if (timeWaitSince == EndpointActivity.NEVER)
        {
            return false;
        }
        final EndpointActivity peer = view.peer().activity();
        final long peerLast = peer.lastPacketNanos();
        return peer.finRetransmits() > 0 && peerLast != EndpointActivity.NEVER && peerLast > timeWaitSince &&
            peerLast - timeWaitSince < config.timeWaitNanos();
    }

    private static Map<String, Object> evidenceOf(final AlertGroups.Group group)
    {
        final Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("connections", group.count());
        return evidence;
    }

    private static Alert alert(
        final String kind,
        final AlertGroups.Group group,
        final long asOfNanos,
        final DetectorConfig config,
        final Map<String, Object> evidence,
        final String message)
    {
        return new Alert(kind, Severity.WARNING, group.subject(), group.count(), group.oldestNanos(), asOfNanos,
            evidence, group.samples(config.samples()), message);
    }
}
