package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.TcpState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@value AlertKind#STUCK_CLOSE_WAIT} and {@value AlertKind#HALF_CLOSE_ACTIVE}: endpoints in CLOSE_WAIT for longer
 * than {@link DetectorConfig#closeWaitAfterNanos()}, grouped by the endpoint's side (a server by its service, a
 * client by its host and the service it talks to: the process that forgets close()).
 * <p>
 * A leak is an endpoint <em>silent since the peer's FIN</em>: its last payload is older than its CLOSE_WAIT (it sent
 * nothing after reading end-of-file), or older than the threshold. An endpoint still sending data recently is a
 * legitimate half-close (the peer shut down its sending side and still reads the response, as {@code nc -N} or
 * a request body ended by shutdown(SHUT_WR) do): reported as {@value AlertKind#HALF_CLOSE_ACTIVE}, info, so that
 * the CLOSE_WAIT count of {@code ss} is fully explained. Stateless; thread safe.
 */
final class CloseWaitDetector implements Detector
{
    @Override
    public boolean concerns(final ConnectionRecord record)
    {
        return record.clientState() == TcpState.CLOSE_WAIT || record.serverState() == TcpState.CLOSE_WAIT;
    }

    @Override
    public void detect(
        final List<ConnectionRecord> connections,
        final long asOfNanos,
        final DetectorConfig config,
        final Consumer<Alert> sink)
    {
        final AlertGroups leaks = new AlertGroups();
        final AlertGroups halfCloses = new AlertGroups();
        for (final ConnectionRecord record : connections)
        {
            check(EndpointView.client(record), asOfNanos, config, leaks, halfCloses);
            check(EndpointView.server(record), asOfNanos, config, leaks, halfCloses);
        }
        for (final AlertGroups.Group group : leaks.groups())
        {
            sink.accept(leak(group, asOfNanos, config));
        }
        for (final AlertGroups.Group group : halfCloses.groups())
        {
            sink.accept(halfClose(group, asOfNanos, config));
        }
    }

    /**
     * @return true if the endpoint, in CLOSE_WAIT, sent payload after entering it and within the threshold.
     */
    static boolean stillSending(final EndpointView view, final long asOfNanos, final long thresholdNanos)
    {
        final long lastPayload = view.activity().lastPayloadNanos();
        return lastPayload != EndpointActivity.NEVER && lastPayload >= view.stateSinceNanos() &&
            asOfNanos - lastPayload < thresholdNanos;
    }

    private static void check(
        final EndpointView view,
        final long asOfNanos,
        final DetectorConfig config,
        final AlertGroups leaks,
        final AlertGroups halfCloses)
    {
        if (view.state() != TcpState.CLOSE_WAIT || asOfNanos - view.stateSinceNanos() < config.closeWaitAfterNanos())
        {
            return;
        }
        final AlertGroups target = stillSending(view, asOfNanos, config.closeWaitAfterNanos()) ? halfCloses : leaks;
        target.add(view.subject(), view.record(), view.stateSinceNanos());
    }

    private static Alert leak(final AlertGroups.Group group, final long asOfNanos, final DetectorConfig config)
    {
        final List<ConnectionRecord> records = group.records();
        int peersInFinWait2 = 0;
        for (final ConnectionRecord record : records)
        {
            if (record.clientState() == TcpState.FIN_WAIT_2 || record.serverState() == TcpState.FIN_WAIT_2)
            {
                peersInFinWait2++;
            }
        }
        final Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("stuck", group.count());
        evidence.put("peers_in_fin_wait_2", peersInFinWait2);
        evidence.put("threshold_seconds", Texts.seconds(config.closeWaitAfterNanos()));
        final String subject = group.subject();
        final boolean clientSide = subject.contains(Subjects.ARROW);
        final String who = clientSide ?
            subject.substring(0, subject.indexOf(Subjects.ARROW)) + " (client of " +
                subject.substring(subject.indexOf(Subjects.ARROW) + Subjects.ARROW.length()) + ")" : subject;
        final String message = who + " holds " + Texts.connections(group.count()) + " in CLOSE_WAIT for up to " +
            Texts.duration(asOfNanos - group.oldestNanos()) + ", silent since the peer closed: the application " +
            "read end-of-file and never called close() (a socket leak" + (clientSide ? ", often a connection pool " +
            "keeping connections the server closed" : "") + "). Find the process with `ss -tanp state close-wait` " +
            "and fix its close path.";
        final Severity severity = group.count() >= config.closeWaitCriticalCount() ?
            Severity.CRITICAL : Severity.WARNING;
        return new Alert(AlertKind.STUCK_CLOSE_WAIT, severity, subject, group.count(), group.oldestNanos(),
            asOfNanos, evidence, group.samples(config.samples()), message);
    }

    private static Alert halfClose(final AlertGroups.Group group, final long asOfNanos, final DetectorConfig config)
    {
        final Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("still_sending", group.count());
        final String message = group.subject() + " has " + Texts.connections(group.count()) + " in CLOSE_WAIT " +
            "for up to " + Texts.duration(asOfNanos - group.oldestNanos()) + " but still sending data: a " +
            "half-close in use (the peer shut down its sending side and still reads), not a leak.";
        return new Alert(AlertKind.HALF_CLOSE_ACTIVE, Severity.INFO, group.subject(), group.count(),
            group.oldestNanos(), asOfNanos, evidence, group.samples(config.samples()), message);
    }
}
