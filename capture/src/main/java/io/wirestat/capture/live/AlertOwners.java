package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.Endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names, in live alerts, the process that holds the sockets an alert is about, when they are sockets of this host:
 * the subject's side of the alert's sample connections (parsed from the samples), looked up in
 * {@link ProcessAttribution} ({@code /proc}).
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
     * @param procs       this host's sockets and their owners.
     * @return the alerts, those whose sockets' owner is known naming it; the same list if none is.
     */
    static List<Alert> name(final List<Alert> alerts, final ProcessAttribution procs)
    {
        if (procs.size() == 0 || alerts.isEmpty())
        {
            return alerts;
        }
        final List<Alert> named = new ArrayList<>(alerts.size());
        for (final Alert alert : alerts)
        {
            final String owner = owner(alert, procs);
            named.add(owner == null ? alert : withOwner(alert, owner));
        }
        return named;
    }

    /** @return the most frequent owner of the subject side's sockets among the samples, or null. */
    private static String owner(final Alert alert, final ProcessAttribution procs)
    {
        final String side = alert.subject().contains(ARROW) ?
            alert.subject().substring(0, alert.subject().indexOf(ARROW)) : alert.subject();
        final Map<String, Integer> owners = new TreeMap<>();
        for (final String sample : alert.samples())
        {
            // The samples name the connections as "client -> server" (" vlan N" after): parsed, not looked up in
            // the snapshot, so a refresh of a flood costs nothing per connection.
            final String tuple = sample.contains(" vlan ") ? sample.substring(0, sample.indexOf(" vlan ")) : sample;
            final int arrow = tuple.indexOf(ARROW);
            if (arrow < 0)
            {
                continue;
            }
            final Endpoint client = endpoint(tuple.substring(0, arrow));
            final Endpoint server = endpoint(tuple.substring(arrow + ARROW.length()));
            if (client == null || server == null)
            {
                continue;
            }
            final KernelSocket socket = names(side, client) ? procs.of(client, server)
                : names(side, server) ? procs.of(server, client) : null;
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

    /** @return {@code ip:port} or {@code [ip6]:port} parsed, or null if it is not one. */
    private static Endpoint endpoint(final String text)
    {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        final String host = text.startsWith("[") && text.charAt(colon - 1) == ']' ?
            text.substring(1, colon - 1) : text.substring(0, colon);
        try
        {
            return Endpoint.parse(host, Integer.parseInt(text.substring(colon + 1)));
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }
}
