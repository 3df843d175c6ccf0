package io.wirestat.capture.check;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders what a replay produced (connection records and alerts) in the form an expected file holds it, so the
 * two can be diffed and written. Stateless; thread safe.
 */
public final class ActualResults
{
    private ActualResults()
    {
    }

    /**
     * @param records report records, in order of first packet.
     * @param alerts  alerts, in any order.
     * @return the same, as expected-file lines (no options).
     */
    public static ExpectedFile of(final List<ConnectionRecord> records, final List<Alert> alerts)
    {
        final List<ExpectedFile.Entry> entries = new ArrayList<>(records.size());
        for (final ConnectionRecord r : records)
        {
            entries.add(new ExpectedFile.Entry(
                r.client().toString(),
                r.server().toString(),
                r.vlan(),
                ExpectedFile.Entry.column(TcpState.name(r.clientState()), r.clientCertainty().alternativeNames()),
                ExpectedFile.Entry.column(TcpState.name(r.serverState()), r.serverCertainty().alternativeNames()),
                r.history() == null ? "" : r.history()));
        }
        final List<ExpectedFile.AlertEntry> alertLines = new ArrayList<>(alerts.size());
        for (final Alert a : alerts)
        {
            alertLines.add(of(a));
        }
        return new ExpectedFile(entries, alertLines, List.of());
    }

    /**
     * @param alert a detector's finding.
     * @return its expected-file line: kind, subject and count; times, evidence and message are left out because
     * they are not what a regression check should pin down.
     */
    public static ExpectedFile.AlertEntry of(final Alert alert)
    {
        return new ExpectedFile.AlertEntry(alert.kind(), alert.subject(), alert.count());
    }
}
