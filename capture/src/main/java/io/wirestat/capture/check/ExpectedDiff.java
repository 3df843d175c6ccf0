package io.wirestat.capture.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison of actual results with an expected file, worded for the person who reviews a failing check: which
 * line of the one is matched with which of the other, and how each difference is named. Apart from
 * {@link ExpectedFile} because the matching (by connection key, the n-th line of a key with the n-th) and the
 * wording of every kind of difference are a job of their own, unrelated to reading and writing the format.
 * Stateless; thread safe.
 */
final class ExpectedDiff
{
    private ExpectedDiff()
    {
    }

    /**
     * What {@link ExpectedFile#diff} returns; the rules of matching are described there.
     *
     * @param expected the expectations.
     * @param actual   what the analysis produced.
     * @return the differences, one readable block per connection or alert; empty when they agree.
     */
    static List<String> between(final ExpectedFile expected, final ExpectedFile actual)
    {
        final List<ExpectedFile.Entry> entries = expected.entries();
        final List<ExpectedFile.Entry> actualEntries = actual.entries();
        final Map<String, List<Integer>> actualByKey = new HashMap<>();
        for (int i = 0; i < actualEntries.size(); i++)
        {
            actualByKey.computeIfAbsent(actualEntries.get(i).key(), k -> new ArrayList<>()).add(i);
        }
        final Map<String, Integer> used = new HashMap<>();
        final boolean[] matched = new boolean[actualEntries.size()];
        final List<Integer> matchOrder = new ArrayList<>();
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++)
        {
            final ExpectedFile.Entry want = entries.get(i);
            final List<Integer> candidates = actualByKey.getOrDefault(want.key(), List.of());
            final int n = used.merge(want.key(), 1, Integer::sum) - 1;
            if (n >= candidates.size())
            {
                out.add("connection " + (i + 1) + " " + want.name() + ": missing\n" +
                    "  expected: " + want.toLine() + "\n" +
                    "  actual:   (no such connection)");
                continue;
            }
            final int j = candidates.get(n);
            matched[j] = true;
            matchOrder.add(j);
            final ExpectedFile.Entry got = actualEntries.get(j);
            final List<String> fields = differingFields(want, got);
            if (!fields.isEmpty())
            {
                out.add("connection " + (i + 1) + " " + want.name() + ": " + String.join(", ", fields) +
                    (fields.size() == 1 ? " differs\n" : " differ\n") +
                    "  expected: " + want.toLine() + "\n" +
                    "  actual:   " + got.toLine());
            }
        }
        for (int j = 0; j < actualEntries.size(); j++)
        {
            if (!matched[j])
            {
                final ExpectedFile.Entry got = actualEntries.get(j);
                out.add("unexpected connection " + got.name() + " (actual line " + (j + 1) + ")\n" +
                    "  expected: (no such connection)\n" +
                    "  actual:   " + got.toLine());
            }
        }
        if (out.isEmpty())
        {
            for (int k = 1; k < matchOrder.size(); k++)
            {
                if (matchOrder.get(k) < matchOrder.get(k - 1))
                {
                    out.add("same connections, different order (expected order of first packet):\n" +
                        "  expected: " + names(entries) + "\n" +
                        "  actual:   " + names(actualEntries));
                    break;
                }
            }
        }
        diffAlerts(expected.alerts(), actual.alerts(), out);
        return out;
    }

    /** Alerts are matched by kind and subject (the n-th of a key with the n-th); their order is the file's own. */
    private static void diffAlerts(
        final List<ExpectedFile.AlertEntry> alerts, final List<ExpectedFile.AlertEntry> actualAlerts,
        final List<String> out)
    {
        final Map<String, List<ExpectedFile.AlertEntry>> actualByKey = new HashMap<>();
        for (final ExpectedFile.AlertEntry a : actualAlerts)
        {
            actualByKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
        }
        final Map<String, Integer> used = new HashMap<>();
        for (final ExpectedFile.AlertEntry want : alerts)
        {
            final List<ExpectedFile.AlertEntry> candidates = actualByKey.getOrDefault(want.key(), List.of());
            final int n = used.merge(want.key(), 1, Integer::sum) - 1;
            if (n >= candidates.size())
            {
                out.add("alert " + want.name() + ": missing\n" +
                    "  expected: " + want.toLine() + "\n" +
                    "  actual:   (no such alert)");
            }
            else if (candidates.get(n).count() != want.count())
            {
                out.add("alert " + want.name() + ": count differs\n" +
                    "  expected: " + want.toLine() + "\n" +
                    "  actual:   " + candidates.get(n).toLine());
            }
        }
        final Map<String, Integer> seen = new HashMap<>();
        for (final ExpectedFile.AlertEntry got : actualAlerts)
        {
            final int n = seen.merge(got.key(), 1, Integer::sum);
            if (n > used.getOrDefault(got.key(), 0))
            {
                out.add("unexpected alert " + got.name() + "\n" +
                    "  expected: (no such alert)\n" +
                    "  actual:   " + got.toLine());
            }
        }
    }

    private static List<String> differingFields(final ExpectedFile.Entry want, final ExpectedFile.Entry got)
    {
        final List<String> fields = new ArrayList<>(5);
        if (!want.client().equals(got.client()) || !want.server().equals(got.server()))
        {
            fields.add("roles (client/server)");
        }
        stateField(want.clientState(), got.clientState(), "client_state", fields);
        stateField(want.serverState(), got.serverState(), "server_state", fields);
        if (!want.historyColumn().equals(got.historyColumn()))
        {
            fields.add("history");
        }
        return fields;
    }

    /** A different state is named as such; the same state with other alternatives is a change of certainty. */
    private static void stateField(final String want, final String got, final String name, final List<String> fields)
    {
        if (!ExpectedFile.Entry.reported(want).equals(ExpectedFile.Entry.reported(got)))
        {
            fields.add(name);
        }
        else if (!want.equals(got))
        {
            fields.add(name + "_alternatives");
        }
    }

    private static String names(final List<ExpectedFile.Entry> list)
    {
        final List<String> names = new ArrayList<>(list.size());
        for (final ExpectedFile.Entry e : list)
        {
            names.add(e.name());
        }
        return String.join(" | ", names);
    }
}
