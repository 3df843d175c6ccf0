package io.wirestat.capture.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of an expected file into an {@link ExpectedFile}: which kind each line is (options, comment,
 * alert, connection) and the syntax of each kind (endpoints as {@code ss} writes them, netstat's state names,
 * Zeek's history letters, {@code count=N}). Apart from the file so that every rule of reading, with the message that
 * names the file and line when a rule is broken, is in one place, and the file itself stays the value and its
 * writing. Stateless; thread safe.
 */
final class ExpectedFileParser
{
    private static final List<String> STATES = Arrays.asList(
        "UNKNOWN", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
        "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "CLOSED");
    private static final Pattern ENDPOINT =
        Pattern.compile("(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+]):\\d{1,5}");
    private static final Pattern SERVER = Pattern.compile("(" + ENDPOINT.pattern() + ")(?:%(\\d{1,4}))?");
    private static final Pattern HISTORY = Pattern.compile("-|[A-Za-z^]+");
    private static final Pattern COUNT = Pattern.compile("count=(\\d{1,18})");

    private ExpectedFileParser()
    {
    }

    /**
     * @param text   the whole file.
     * @param source a name for error messages (the file name).
     * @return the file.
     * @throws IllegalArgumentException naming the source and line when a line is malformed.
     */
    static ExpectedFile parse(final String text, final String source)
    {
        final List<ExpectedFile.Entry> entries = new ArrayList<>();
        final List<ExpectedFile.AlertEntry> alerts = new ArrayList<>();
        List<String> options = List.of();
        String optionsWhere = null;
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i];
            final String where = source + ":" + (i + 1);
            if (line.equals(ExpectedFile.OPTIONS) || line.startsWith(ExpectedFile.OPTIONS + " ") ||
                line.startsWith(ExpectedFile.OPTIONS + "\t"))
            {
                if (!options.isEmpty())
                {
                    throw new IllegalArgumentException(
                        where + ": a second " + ExpectedFile.OPTIONS + " line (put all options on one)");
                }
                options = OptionsLine.split(line.substring(ExpectedFile.OPTIONS.length()), where);
                optionsWhere = where;
                continue;
            }
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            if (line.startsWith(ExpectedFile.ALERT + "\t"))
            {
                alerts.add(parseAlertLine(line, where));
            }
            else
            {
                entries.add(parseLine(line, where));
            }
        }
        try
        {
            return new ExpectedFile(entries, alerts, options);
        }
        catch (final IllegalArgumentException ex)
        {
            // Only the options can be refused here (an argument holding both quote characters, or a CR).
            throw new IllegalArgumentException(optionsWhere + ": " + ex.getMessage(), ex);
        }
    }

    private static ExpectedFile.Entry parseLine(final String line, final String where)
    {
        final String[] f = line.split("\t", -1);
        if (f.length != 5)
        {
            throw new IllegalArgumentException(where + ": expected 5 tab-separated columns, found " + f.length +
                ": '" + line + "'");
        }
        if (!ENDPOINT.matcher(f[0]).matches())
        {
            throw new IllegalArgumentException(where + ": client is not ip:port or [ipv6]:port: '" + f[0] + "'");
        }
        final Matcher server = SERVER.matcher(f[1]);
        if (!server.matches())
        {
            throw new IllegalArgumentException(where + ": server is not ip:port[%vlan]: '" + f[1] + "'");
        }
        final int vlan = server.group(2) == null ? 0 : Integer.parseInt(server.group(2));
        if (vlan > 4095)
        {
            throw new IllegalArgumentException(where + ": VLAN id out of range: " + vlan);
        }
        for (int i = 2; i <= 3; i++)
        {
            final String[] states = f[i].split("\\|", -1);
            for (int k = 0; k < states.length; k++)
            {
                if (!STATES.contains(states[k]))
                {
                    throw new IllegalArgumentException(where + ": unknown state '" + states[k] + "', expected one of " +
                        STATES + (states.length > 1 ? " (alternatives follow the state, each after '|')" : ""));
                }
                for (int j = 0; j < k; j++)
                {
                    if (states[j].equals(states[k]))
                    {
                        throw new IllegalArgumentException(where + ": state '" + states[k] + "' given twice in '" +
                            f[i] + "'");
                    }
                }
            }
        }
        if (!HISTORY.matcher(f[4]).matches())
        {
            throw new IllegalArgumentException(where + ": history must be letters or '-': '" + f[4] + "'");
        }
        final String history = "-".equals(f[4]) ? "" : f[4];
        return new ExpectedFile.Entry(f[0], server.group(1), vlan, f[2], f[3], history);
    }

    private static ExpectedFile.AlertEntry parseAlertLine(final String line, final String where)
    {
        final String[] f = line.split("\t", -1);
        if (f.length != 4)
        {
            throw new IllegalArgumentException(where + ": an alert line has 4 tab-separated columns (alert, kind, " +
                "subject, count=N), found " + f.length + ": '" + line + "'");
        }
        final Matcher count = COUNT.matcher(f[3]);
        if (!count.matches())
        {
            throw new IllegalArgumentException(where + ": alert count must be count=N: '" + f[3] + "'");
        }
        try
        {
            return new ExpectedFile.AlertEntry(f[1], f[2], Long.parseLong(count.group(1)));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }
}
