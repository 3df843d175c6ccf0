package io.wirestat.capture.report.zeek;

import io.wirestat.capture.report.zeek.ZeekBaseline.Row;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches Zeek baseline rows to our connections (ZEEK_ORACLE.md §5, step 3): rows are keyed by the unordered
 * 4-tuple (or by whatever part of it a {@code .cut} baseline kept); within a key, rows in file order go to our
 * connections in creation order. When we have fewer connections than Zeek rows on a key, one of ours may cover
 * consecutive Zeek rows (Zeek split it with a timer: attempt delay, reset linger, reuse) provided the concatenated
 * Zeek histories are consistent with ours; our history is then cut where Zeek's rows end, and each piece gets its
 * own label, which is what we would have said had we split there. Test helper; not thread safe.
 */
final class ZeekRowMatcher
{
    /** Letters that carry no TCP state and that our tracker may legitimately not produce (or count differently). */
    private static final String SOFT = "^CcGgTtWwXx";
    /** Letters Zeek records at most once per direction. */
    private static final String ONCE = "ADIQadiq";
    /** Letters Zeek repeats only on a new sequence number. */
    private static final String REPEATABLE = "SHFRshfr";

    /** How a Zeek row was matched. */
    enum How
    {
        ONE_TO_ONE, N_TO_ONE, UNMATCHED
    }

    /**
     * The outcome for one Zeek row.
     *
     * @param row         the baseline row.
     * @param connection  our connection matched to it, or null.
     * @param tuple       the row's 4-tuple as Zeek wrote it ({@code ?} for columns the baseline lacks).
     * @param zeekState   Zeek's conn_state, or null when the baseline has no such column.
     * @param zeekHistory Zeek's history in OUR orientation (upper case = our client), null when absent.
     * @param ours        our label for the matched connection or piece, {@code -} when unmatched.
     * @param ourHistory  our history (or the piece of it covering this row), {@code -} when unmatched.
     * @param how         how the row was matched.
     */
    record Outcome(Row row, ConnectionRecord connection, String tuple, String zeekState, String zeekHistory, String ours, String ourHistory,
        How how)
    {
    }

    private ZeekRowMatcher()
    {
    }

    /**
     * @param rows        the baseline's TCP rows, in file order.
     * @param connections our connections, in creation order.
     * @param unmatched   receives our connections no row was matched to (for the report).
     * @return one outcome per row, in file order.
     */
    static List<Outcome> match(final List<Row> rows, final List<ConnectionRecord> connections,
        final List<ConnectionRecord> unmatched)
    {
        final Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++)
        {
            groups.computeIfAbsent(keyOf(rows.get(i)), k -> new ArrayList<>()).add(i);
        }
        final Outcome[] outcomes = new Outcome[rows.size()];
        final boolean[] used = new boolean[connections.size()];
        for (final List<Integer> group : groups.values())
        {
            final Row first = rows.get(group.get(0));
            final List<ConnectionRecord> candidates = new ArrayList<>();
            for (int c = 0; c < connections.size(); c++)
            {
                if (!used[c] && compatible(first, connections.get(c)))
                {
                    used[c] = true;
                    candidates.add(connections.get(c));
                }
            }
            final List<Row> groupRows = new ArrayList<>();
            group.forEach(i -> groupRows.add(rows.get(i)));
            final List<Outcome> matched = matchGroup(groupRows, candidates, unmatched);
            for (int k = 0; k < group.size(); k++)
            {
                outcomes[group.get(k)] = matched.get(k);
            }
        }
        for (int c = 0; c < connections.size(); c++)
        {
            if (!used[c])
            {
                unmatched.add(connections.get(c));
            }
        }
        return List.of(outcomes);
    }

    private static List<Outcome> matchGroup(
        final List<Row> rows, final List<ConnectionRecord> ours, final List<ConnectionRecord> unmatched)
    {
        final List<Outcome> out = new ArrayList<>();
        if (ours.size() < rows.size() && !ours.isEmpty())
        {
            final int[] runs = new int[ours.size()];
            if (partition(rows, ours, 0, 0, runs))
            {
                int r = 0;
                for (int o = 0; o < ours.size(); o++)
                {
                    final ConnectionRecord c = ours.get(o);
                    if (runs[o] == 1)
                    {
                        out.add(outcome(rows.get(r), c, ZeekConnState.of(c), c.history(), How.ONE_TO_ONE));
                    }
                    else
                    {
                        final List<String> zeek = new ArrayList<>();
                        for (int k = 0; k < runs[o]; k++)
                        {
                            zeek.add(zeekHistory(rows.get(r + k), c));
                        }
                        final Split split = split(c.history(), zeek);
                        for (int k = 0; k < runs[o]; k++)
                        {
                            final String piece = split.pieces().get(k);
                            final boolean data = piece.indexOf('D') >= 0 || piece.indexOf('d') >= 0;
                            final String label = ZeekConnState.label(piece, data ? 1 : 0, 0);
                            out.add(outcome(rows.get(r + k), c, label, piece, How.N_TO_ONE));
                        }
                    }
                    r += runs[o];
                }
                return out;
            }
        }
        for (int i = 0; i < rows.size(); i++)
        {
            if (i < ours.size())
            {
                final ConnectionRecord c = ours.get(i);
                out.add(outcome(rows.get(i), c, ZeekConnState.of(c), c.history(), How.ONE_TO_ONE));
            }
            else
            {
                out.add(outcome(rows.get(i), null, "-", "-", How.UNMATCHED));
            }
        }
        for (int i = rows.size(); i < ours.size(); i++)
        {
            unmatched.add(ours.get(i));
        }
        return out;
    }

    /** Assigns to each of ours (from {@code o}) a run of consecutive rows (from {@code r}), histories consistent. */
    private static boolean partition(
        final List<Row> rows, final List<ConnectionRecord> ours, final int o, final int r, final int[] runs)
    {
        if (o == ours.size())
        {
            return r == rows.size();
        }
        final int maxRun = rows.size() - r - (ours.size() - o - 1);
        for (int run = 1; run <= maxRun; run++)
        {
            final List<String> zeek = new ArrayList<>();
            for (int k = 0; k < run; k++)
            {
                zeek.add(zeekHistory(rows.get(r + k), ours.get(o)));
            }
            if (split(ours.get(o).history(), zeek) != null)
            {
                runs[o] = run;
                if (partition(rows, ours, o + 1, r + run, runs))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * How our history lines up with consecutive Zeek rows.
     *
     * @param pieces for each Zeek row, the letters of ours that cover it, plus (in place) the letters Zeek's new
     *               record wrote again although ours had recorded them already: a once-only letter (A D I Q), or,
     *               after Zeek's split, a SYN/SYN-ACK/FIN/RST that our single record saw with an unchanged
     *               sequence number and so did not write twice.
     */
    record Split(List<String> pieces)
    {
    }

    /**
     * Walks our history along the concatenated Zeek histories.
     *
     * @return the pieces, one per Zeek history; null when the histories are inconsistent.
     */
    static Split split(final String ours, final List<String> zeekHistories)
    {
        final List<String> pieces = new ArrayList<>();
        int p = 0;
        for (int k = 0; k < zeekHistories.size(); k++)
        {
            final String z = zeekHistories.get(k);
            final boolean last = k == zeekHistories.size() - 1;
            if (z == null)
            {
                // No history column: nothing to check; only a lone row can be matched this way.
                if (zeekHistories.size() > 1)
                {
                    return null;
                }
                pieces.add(ours);
                return new Split(pieces);
            }
            final StringBuilder piece = new StringBuilder();
            for (int i = 0; i < z.length(); i++)
            {
                final char letter = z.charAt(i);
                p = copySoft(ours, p, piece);
                if (SOFT.indexOf(letter) >= 0)
                {
                    continue;
                }
                if (p < ours.length() && ours.charAt(p) == letter)
                {
                    piece.append(letter);
                    p++;
                }
                else if ((ONCE.indexOf(letter) >= 0 || k > 0 && REPEATABLE.indexOf(letter) >= 0) &&
                    ours.lastIndexOf(letter, p - 1) >= 0)
                {
                    piece.append(letter);
                }
                else
                {
                    return null;
                }
            }
            if (last)
            {
                p = copySoft(ours, p, piece);
                if (p != ours.length())
                {
                    return null;
                }
            }
            pieces.add(piece.toString());
        }
        return new Split(pieces);
    }

    private static int copySoft(final String s, final int from, final StringBuilder to)
    {
        int p = from;
        while (p < s.length() && SOFT.indexOf(s.charAt(p)) >= 0)
        {
            to.append(s.charAt(p));
            p++;
        }
        return p;
    }

    /**
     * Zeek's history in our orientation: letters before a {@code ^} were written before Zeek flipped roles, so
     * their case is swapped first; then everything is swapped again if Zeek's final originator is our server.
     */
    static String zeekHistory(final Row row, final ConnectionRecord c)
    {
        final String h = row.get("history");
        if (h == null)
        {
            return null;
        }
        if (h.equals("-"))
        {
            return "";
        }
        final int flip = h.lastIndexOf('^');
        final StringBuilder sb = new StringBuilder(h.length());
        for (int i = 0; i < h.length(); i++)
        {
            final char ch = h.charAt(i);
            if (ch == '^')
            {
                continue;
            }
            sb.append(i < flip ? swapCase(ch) : ch);
        }
        String normalised = sb.toString();
        if (c != null && origIsOurServer(row, c))
        {
            final StringBuilder swapped = new StringBuilder(normalised.length());
            normalised.chars().forEach(ch -> swapped.append(swapCase((char)ch)));
            normalised = swapped.toString();
        }
        return normalised;
    }

    private static char swapCase(final char ch)
    {
        return Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch);
    }

    private static Outcome outcome(
        final Row row, final ConnectionRecord c, final String ours, final String ourHistory, final How how)
    {
        final String state = row.get("conn_state");
        return new Outcome(row, c, tupleOf(row, c), state, zeekHistory(row, c), ours, ourHistory, how);
    }

    /** @return {@code orig_h:orig_p > resp_h:resp_p} as Zeek wrote it; ours when the baseline has no 4-tuple. */
    static String tupleOf(final Row row, final ConnectionRecord c)
    {
        if (row.get("id.orig_h") == null && row.get("id.resp_h") == null && c != null)
        {
            return c.client().address() + ":" + c.client().port() + " > " + c.server().address() + ":" +
                c.server().port();
        }
        return orDefault(row.get("id.orig_h")) + ":" + orDefault(row.get("id.orig_p")) + " > " +
            orDefault(row.get("id.resp_h")) + ":" + orDefault(row.get("id.resp_p"));
    }

    private static String orDefault(final String s)
    {
        return s == null ? "?" : s;
    }

    private static String keyOf(final Row row)
    {
        final String a = orDefault(row.get("id.orig_h")) + "|" + orDefault(row.get("id.orig_p"));
        final String b = orDefault(row.get("id.resp_h")) + "|" + orDefault(row.get("id.resp_p"));
        return a.compareTo(b) <= 0 ? a + "~" + b : b + "~" + a;
    }

    private static boolean compatible(final Row row, final ConnectionRecord c)
    {
        return sideMatches(row, "orig", c.client()) && sideMatches(row, "resp", c.server()) ||
            sideMatches(row, "orig", c.server()) && sideMatches(row, "resp", c.client());
    }

    static boolean origIsOurServer(final Row row, final ConnectionRecord c)
    {
        return !(sideMatches(row, "orig", c.client()) && sideMatches(row, "resp", c.server()));
    }

    private static boolean sideMatches(final Row row, final String side, final Endpoint e)
    {
        final String host = row.get("id." + side + "_h");
        final String port = row.get("id." + side + "_p");
        if (port != null && Integer.parseInt(port) != e.port())
        {
            return false;
        }
        if (host != null)
        {
            final Endpoint parsed = Endpoint.parse(host, e.port());
            return parsed.hi() == e.hi() && parsed.lo() == e.lo();
        }
        return true;
    }
}
