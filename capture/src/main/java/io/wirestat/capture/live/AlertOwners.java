package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names, in live alerts, the process that holds the sockets an alert is about, when they are sockets of this host:
 * the subject's side of the alert's sample connections, looked up in {@link ProcessAttribution} ({@code /proc}).
 * The message then says "The sockets belong to 1701/python3" instead of "Find the process with `ss -tanp ...`",
 * or, for kinds without that hint, ends with it; the evidence gains {@code process}. Offline, and for sockets of
 * other hosts, alerts are left as the detectors made them. Cold path. Stateless; thread safe.
 */
final class AlertOwners
{
    private static final String ARROW = " -> ";
    /** The detectors' advice to look the process up; replaced when it is known. */
    private static final Pattern SS_HINT = Pattern.compile("Find the process with `ss -tanp[^`]*` and ");

    private AlertOwners()
    {
    }

    /**
     * @param alerts      the detectors' alerts.
     * @param connections the connections they were made from.
     * @param procs       this host's sockets and their owners.
     * @return the alerts, those whose sockets' owner is known naming it; the same list if none is.
     */
    static List<Alert> name(final List<Alert> alerts, final List<ConnectionRecord> connections,
        final ProcessAttribution procs)
    {
        if (procs.size() == 0 || alerts.isEmpty())
        {
            return alerts;
        }
        final Map<String, ConnectionRecord> bySample = new HashMap<>();
        for (final ConnectionRecord record : connections)
        {
            bySample.put(sample(record), record);
        }
        final List<Alert> named = new ArrayList<>(alerts.size());
        for (final Alert alert : alerts)
        {
            final String owner = owner(alert, bySample, procs);
            named.add(owner == null ? alert : withOwner(alert, owner));
        }
        return named;
    }

    /** @return the most frequent owner of the subject side's sockets among the samples, or null. */
    private static String owner(final Alert alert, final Map<String, ConnectionRecord> bySample,
        final ProcessAttribution procs)
    {
        final String side = alert.subject().contains(ARROW) ?
            alert.subject().substring(0, alert.subject().indexOf(ARROW)) : alert.subject();
        final Map<String, Integer> owners = new TreeMap<>();
        for (final String sample : alert.samples())
        {
            final ConnectionRecord record = bySample.get(sample);
            if (record == null)
            {
                continue;
            }
            final KernelSocket socket = names(side, record.client()) ? procs.client(record)
                : names(side, record.server()) ? procs.server(record) : null;
            if (socket != null && socket.pid() != 0)
            {
                owners.merge(socket.owner(), 1, Integer::sum);
            }
        }
        String best = null;
        int most = 0;
        for (final Map.Entry<String, Integer> e : owners.entrySet())
        {
            if (e.getValue() > most)
            {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    /** @return true if the subject's side ({@code ip:port}, or a host) names this endpoint. */
    private static boolean names(final String side, final Endpoint endpoint)
    {
        return side.equals(endpoint.toString()) || side.equals(endpoint.address())
            || side.equals("[" + endpoint.address() + "]");
    }

    private static Alert withOwner(final Alert alert, final String owner)
    {
        final Matcher hint = SS_HINT.matcher(alert.message());
        final String message = hint.find() ?
            hint.replaceFirst(Matcher.quoteReplacement("The sockets belong to " + owner + ": ")) :
            alert.message() + " The sockets belong to " + owner + ".";
        final Map<String, Object> evidence = new LinkedHashMap<>(alert.evidence());
        evidence.put("process", owner);
        return new Alert(alert.kind(), alert.severity(), alert.subject(), alert.count(), alert.sinceNanos(),
            alert.asOfNanos(), evidence, alert.samples(), message);
    }

    private static String sample(final ConnectionRecord record)
    {
        final String tuple = record.client() + ARROW + record.server();
        return record.vlan() == 0 ? tuple : tuple + " vlan " + record.vlan();
    }
}
