package io.wirestat.capture.cli;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.Severity;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders alerts for people: a one-line tally for the report's header, and an aligned table, most severe first
 * (the order {@link io.wirestat.tracker.detect.Detectors#run} gives), with the severity, kind, subject, connection
 * count, age of the oldest evidence and the alert's message.
 * <p>
 * A kind that fired for more subjects than {@link #groupAbove(int) the group threshold} is printed as one group
 * instead, where its first alert would be: a line with the kind's highest severity, how many subjects, their
 * connections, the oldest age and the kind's advice once ({@link AlertAdvice}); then the top subjects by count and
 * age (as many as the threshold), each with its count and age; then {@code ... and N more (`--format jsonl` lists
 * every one)}. Five thousand identical warnings, one per destination, tell less than that. The alerts themselves
 * are not changed: jsonl and {@code --fail-on} see every one. Not thread safe; one per rendering.
 */
public final class AlertTableWriter
{
    /** Default of {@code --group-alerts}: a kind with more subjects than this is printed as a group. */
    public static final int GROUP_ABOVE_DEFAULT = 5;

    private static final String GAP = "  ";
    private static final String[] HEADINGS = {"Severity", "Kind", "Subject", "Count", "Oldest", "Detail"};
    private static final int COUNT_COLUMN = 3;
    private static final int AGE_COLUMN = 4;
    private static final int DETAIL_COLUMN = 5;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Marks the row that says how many subjects of a group are not listed (compared by identity). */
    private static final String MORE = new String("more");
    /** The group's top subjects: most connections first, then the oldest, then by name (stable). */
    private static final Comparator<Alert> TOP_FIRST = Comparator.comparingLong(Alert::count).reversed()
        .thenComparing(Comparator.comparingLong(Alert::ageNanos).reversed())
        .thenComparing(Alert::subject);

    private final PrintWriter out;
    private int groupAbove = GROUP_ABOVE_DEFAULT;

    /**
     * @param out where to write.
     */
    public AlertTableWriter(final PrintWriter out)
    {
        this.out = out;
    }

    /**
     * @param threshold a kind with more alerts (subjects) than this is printed as a group; 0 makes every kind that
     *                  fired a group.
     * @return this.
     */
    public AlertTableWriter groupAbove(final int threshold)
    {
        if (threshold < 0)
        {
            throw new IllegalArgumentException("--group-alerts must be 0 or more: " + threshold);
        }
        this.groupAbove = threshold;
        return this;
    }

    /**
     * @param alerts the alerts.
     * @return {@code none}, or counts by severity: {@code 1 critical, 2 warning}.
     */
    public static String tally(final List<Alert> alerts)
    {
        if (alerts.isEmpty())
        {
            return "none";
        }
        final StringBuilder sb = new StringBuilder();
        for (final Severity severity : Severity.values())
        {
            final long n = alerts.stream().filter(a -> a.severity() == severity).count();
            if (n > 0)
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(HumanNumbers.count(n)).append(' ')
                    .append(severity.label());
            }
        }
        return sb.toString();
    }

    /**
     * Writes the alerts section: a heading and the table, or a line saying there is nothing to report.
     *
     * @param alerts the alerts, in the order to print.
     */
    public void write(final List<Alert> alerts)
    {
        if (alerts.isEmpty())
        {
            out.println("Alerts: none");
            return;
        }
        final List<String[]> rows = rows(alerts);
        final boolean grouped = anyGroup(alerts);
        out.println("Alerts (" + tally(alerts) + "; most severe first" + (grouped ? "; kinds with more than "
            + groupAbove + " subjects grouped" : "") + "):");
        final int[] widths = new int[HEADINGS.length];
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length && row[0] != MORE; i++)
            {
                if (i != DETAIL_COLUMN)
                {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
        }
        for (final String[] row : rows)
        {
            writeRow(row, widths);
        }
    }

    /** @return the heading row, then one row per alert, or per group and its top subjects and its "more" line. */
    private List<String[]> rows(final List<Alert> alerts)
    {
        final Map<String, List<Alert>> byKind = new LinkedHashMap<>();
        for (final Alert alert : alerts)
        {
            byKind.computeIfAbsent(alert.kind(), k -> new ArrayList<>()).add(alert);
        }
        final List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        final Set<String> done = new HashSet<>();
        for (final Alert alert : alerts)
        {
            final List<Alert> ofKind = byKind.get(alert.kind());
            if (ofKind.size() <= groupAbove)
            {
                rows.add(cells(alert));
            }
            else if (done.add(alert.kind()))
            {
                group(rows, ofKind);
            }
        }
        return rows;
    }

    private boolean anyGroup(final List<Alert> alerts)
    {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        for (final Alert alert : alerts)
        {
            counts.merge(alert.kind(), 1, Integer::sum);
        }
        return counts.values().stream().anyMatch(n -> n > groupAbove);
    }

    private void group(final List<String[]> rows, final List<Alert> ofKind)
    {
        Severity worst = ofKind.get(0).severity();
        long connections = 0;
        long oldest = 0;
        for (final Alert alert : ofKind)
        {
            worst = alert.severity().compareTo(worst) < 0 ? alert.severity() : worst;
            connections += alert.count();
            oldest = Math.max(oldest, alert.ageNanos());
        }
        rows.add(new String[] {worst.label(), ofKind.get(0).kind(), HumanNumbers.plural(ofKind.size(), "subject"),
            HumanNumbers.count(connections), age(oldest), AlertAdvice.of(ofKind.get(0).kind())});
        final List<Alert> top = new ArrayList<>(ofKind);
        top.sort(TOP_FIRST);
        final int shown = Math.min(groupAbove, top.size());
        for (int i = 0; i < shown; i++)
        {
            final Alert alert = top.get(i);
            rows.add(new String[] {"", "", alert.subject(), HumanNumbers.count(alert.count()), age(alert.ageNanos()),
                alert.severity() == worst ? "" : alert.severity().label()});
        }
        rows.add(new String[] {MORE, "... and " + HumanNumbers.count(top.size() - shown)
            + " more (`--format jsonl` lists every one)"});
    }

    /**
     * @param nanos a duration.
     * @return it as ps(1) prints elapsed times, to the second: {@code 45s}, {@code 2m05s}, {@code 3h07m}, {@code 2d04h}.
     */
    static String age(final long nanos)
    {
        final long seconds = Math.max(0, nanos / NANOS_PER_SECOND);
        if (seconds < 60)
        {
            return seconds + "s";
        }
        if (seconds < 3600)
        {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400)
        {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    private static String[] cells(final Alert alert)
    {
        return new String[] {
            alert.severity().label(), alert.kind(), alert.subject(), HumanNumbers.count(alert.count()),
            age(alert.ageNanos()), alert.message()};
    }

    private void writeRow(final String[] row, final int[] widths)
    {
        final StringBuilder line = new StringBuilder(200);
        if (row[0] == MORE)
        {
            // Under the subjects, wider than their column: it must not widen the table.
            out.println(" ".repeat(widths[0] + widths[1] + 2 * GAP.length()) + row[1]);
            return;
        }
        for (int i = 0; i < row.length; i++)
        {
            if (i > 0)
            {
                line.append(GAP);
            }
            if (i == DETAIL_COLUMN)
            {
                line.append(row[i]);
            }
            else if (i == COUNT_COLUMN || i == AGE_COLUMN)
            {
                line.append(" ".repeat(widths[i] - row[i].length())).append(row[i]);
            }
            else
            {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
