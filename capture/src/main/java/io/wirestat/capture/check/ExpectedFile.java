package io.wirestat.capture.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The expected-results file of a capture: one line per connection, in order of first packet, then one line per
 * alert, tab separated, meant to be read and reviewed by a person in a pull request. Written by
 * {@code wirestat check --update} and {@code GenerateCraftedFixtures}, read by {@link CorpusCheck}. JDK only, so
 * that it stays a plain text format with no tie to the pipeline.
 * <pre>
 * # wirestat expected results — one line per connection, in order of first packet
 * # regenerate: wirestat check --update DIR   (review the diff before committing)
 * #options --time-wait 30s
 * #fields	client	server	client_state	server_state	history
 * 10.0.0.1:40000	10.0.0.2:80	TIME_WAIT	CLOSED	ShADadFf
 * [fd00::1]:40000	[fd00::2]:80	ESTABLISHED	ESTABLISHED	ShA
 * 10.0.0.1:40000	10.0.0.2:80%100	ESTABLISHED	ESTABLISHED	ShA
 * 10.0.0.1:40002	10.0.0.2:80	FIN_WAIT_2|TIME_WAIT	LAST_ACK	ShADadFf
 * alert	stuck_close_wait	10.0.0.2:8080	count=12
 * </pre>
 * <ul>
 *   <li>Endpoints are written as {@code ss} writes them: {@code ip:port}, IPv6 as {@code [addr]:port} in RFC 5952
 *       form.</li>
 *   <li>A connection seen in an 802.1Q VLAN has {@code %N} (N = VLAN id) after its server column; untagged
 *       connections have nothing.</li>
 *   <li>States are netstat's spelling ({@code FIN_WAIT_2}); history is Zeek's, {@code -} when empty. A state the
 *       wire leaves uncertain is followed by its alternatives, each after a {@code |}
 *       ({@code FIN_WAIT_2|TIME_WAIT}: reported FIN_WAIT_2, possibly TIME_WAIT), so that a change of certainty is a
 *       difference too; a decided state is the state alone, as files written before alternatives existed hold
 *       it.</li>
 *   <li>Alert lines ({@code alert}, kind, subject, {@code count=N}) follow the connection lines, ordered by kind
 *       then subject; a file without alert lines expects no alert. Only what is stable across runs is kept: no
 *       times, no evidence figures, no messages.</li>
 *   <li>{@code #options ARGS} holds pipeline options the capture needs ({@code --time-wait}, {@code -f}), in shell
 *       quoting ({@code '...'} or {@code "..."}); see {@link HeaderOptions}.</li>
 *   <li>Lines starting with {@code #} other than {@code #fields} and {@code #options} are comments; blank lines are
 *       ignored.</li>
 * </ul>
 * This class is the value and its writing; reading the text is {@code ExpectedFileParser}'s job, the comparison
 * {@code ExpectedDiff}'s and the quoting of the options line {@code OptionsLine}'s.
 * Immutable once built; thread safe.
 */
public final class ExpectedFile
{
    /** The column header line. */
    public static final String FIELDS = "#fields\tclient\tserver\tclient_state\tserver_state\thistory";
    /** Conventional file name suffix, beside the capture ({@code x.pcap} → {@code x.expected}). */
    public static final String SUFFIX = ".expected";
    /** First column of an alert line. */
    public static final String ALERT = "alert";
    /** Prefix of the line holding the capture's pipeline options. */
    public static final String OPTIONS = "#options";

    private static final String COMMENT =
        "# wirestat expected results \u2014 one line per connection, in order of first packet\n" +
        "# regenerate: wirestat check --update DIR   (review the diff before committing)\n";

    private static final Pattern KIND = Pattern.compile("[a-z0-9_]+");
    private static final Comparator<AlertEntry> ALERT_ORDER =
        Comparator.comparing(AlertEntry::kind).thenComparing(AlertEntry::subject);

    private final List<Entry> entries;
    private final List<AlertEntry> alerts;
    private final List<String> options;

    /**
     * One connection's line.
     *
     * @param client      client endpoint text, e.g. {@code 10.0.0.1:40000}.
     * @param server      server endpoint text, without the VLAN suffix.
     * @param vlan        VLAN id, 0 when untagged.
     * @param clientState client state column: the state name, e.g. {@code TIME_WAIT}, then {@code |ALT} for each
     *                    alternative the wire leaves ({@link #column}).
     * @param serverState server state column.
     * @param history     Zeek-style history; empty is written {@code -}.
     */
    public record Entry(String client, String server, int vlan, String clientState, String serverState, String history)
    {
        /**
         * @param state        the reported state's name.
         * @param alternatives the other states the wire leaves possible, in {@code TcpState} order; empty if decided.
         * @return the state column: {@code STATE} or {@code STATE|ALT|ALT}.
         */
        public static String column(final String state, final List<String> alternatives)
        {
            return alternatives.isEmpty() ? state : state + "|" + String.join("|", alternatives);
        }

        /**
         * @param column a state column.
         * @return the reported state alone, without its alternatives.
         */
        public static String reported(final String column)
        {
            final int bar = column.indexOf('|');
            return bar < 0 ? column : column.substring(0, bar);
        }

        /** @return the server column: the server endpoint plus {@code %N} for VLAN N. */
        public String serverColumn()
        {
            return vlan == 0 ? server : server + "%" + vlan;
        }

        /** @return the history column. */
        public String historyColumn()
        {
            return history.isEmpty() ? "-" : history;
        }

        /** @return the line as written in the file, without the line end. */
        public String toLine()
        {
            return client + "\t" + serverColumn() + "\t" + clientState + "\t" + serverState + "\t" + historyColumn();
        }

        /** @return a name for the connection in messages: {@code client -> server}. */
        public String name()
        {
            return client + " -> " + serverColumn();
        }

        /** The key two lines are matched on: the unordered endpoint pair and the VLAN. */
        String key()
        {
            return client.compareTo(server) <= 0 ?
                client + " " + server + "%" + vlan : server + " " + client + "%" + vlan;
        }
    }

    /**
     * One alert's line: what a regression check can hold stable (kind, subject, how many connections), not when
     * or the evidence figures.
     *
     * @param kind    the detector's snake_case name, e.g. {@code stuck_close_wait}.
     * @param subject where, in ss's address spelling ({@code 10.0.0.2:8080}, {@code 10.0.0.1 -> 10.0.0.2:80}).
     * @param count   connections that show it.
     */
    public record AlertEntry(String kind, String subject, long count)
    {
        /**
         * @throws IllegalArgumentException if the kind is not snake_case, the subject is empty or holds a tab or
         *                                  line end, or the count is negative.
         */
        public AlertEntry
        {
            if (!KIND.matcher(kind).matches())
            {
                throw new IllegalArgumentException("alert kind must be snake_case: '" + kind + "'");
            }
            if (subject.isEmpty() || subject.indexOf('\t') >= 0 || subject.indexOf('\n') >= 0 ||
                subject.indexOf('\r') >= 0)
            {
                throw new IllegalArgumentException("alert subject must be non-empty, without tabs or line ends: '" +
                    subject + "'");
            }
            if (count < 0)
            {
                throw new IllegalArgumentException("alert count must not be negative: " + count);
            }
        }

        /** @return the line as written in the file, without the line end. */
        public String toLine()
        {
            return ALERT + "\t" + kind + "\t" + subject + "\tcount=" + count;
        }

        /** @return a name for the alert in messages: {@code kind subject}. */
        public String name()
        {
            return kind + " " + subject;
        }

        String key()
        {
            return kind + "\t" + subject;
        }
    }

    /**
     * Connection lines only, no alerts, no options: the form of files written before alerts existed.
     *
     * @param entries the lines, in order of first packet.
     */
    public ExpectedFile(final List<Entry> entries)
    {
        this(entries, List.of(), List.of());
    }

    /**
     * @param entries the connection lines, in order of first packet.
     * @param alerts  the alert lines, in any order (kept ordered by kind, then subject).
     * @param options the capture's pipeline options ({@code #options} line), as separate arguments.
     */
    public ExpectedFile(final List<Entry> entries, final List<AlertEntry> alerts, final List<String> options)
    {
        this.entries = List.copyOf(entries);
        final List<AlertEntry> sorted = new ArrayList<>(alerts);
        sorted.sort(ALERT_ORDER);
        this.alerts = List.copyOf(sorted);
        OptionsLine.requireWritable(options);
        this.options = List.copyOf(options);
    }

    /** @return the connection lines, in order of first packet. */
    public List<Entry> entries()
    {
        return entries;
    }

    /** @return the alert lines, ordered by kind, then subject. */
    public List<AlertEntry> alerts()
    {
        return alerts;
    }

    /** @return the pipeline options of the {@code #options} line, as separate arguments; empty when none. */
    public List<String> options()
    {
        return options;
    }

    /**
     * @param newOptions pipeline options for the copy.
     * @return the same lines with these options.
     */
    public ExpectedFile withOptions(final List<String> newOptions)
    {
        return new ExpectedFile(entries, alerts, newOptions);
    }

    /**
     * Parses the text of a file.
     *
     * @param text   the whole file.
     * @param source a name for error messages (the file name).
     * @return the file.
     * @throws IllegalArgumentException naming the source and line when a line is malformed.
     */
    public static ExpectedFile parse(final String text, final String source)
    {
        return ExpectedFileParser.parse(text, source);
    }

    /**
     * @param file an expected file (UTF-8).
     * @return the file.
     * @throws IOException if it cannot be read.
     */
    public static ExpectedFile read(final Path file) throws IOException
    {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @return the file's text: the header comment, the options line (if any), the fields line, one line per
     * connection, then one line per alert. Byte for byte what earlier versions wrote when there are neither
     * options nor alerts, so that committed files do not churn.
     */
    public String format()
    {
        final StringBuilder sb = new StringBuilder(COMMENT);
        if (!options.isEmpty())
        {
            sb.append(OPTIONS).append(' ').append(OptionsLine.join(options)).append('\n');
        }
        sb.append(FIELDS).append('\n');
        for (final Entry e : entries)
        {
            sb.append(e.toLine()).append('\n');
        }
        for (final AlertEntry a : alerts)
        {
            sb.append(a.toLine()).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param file where to write (UTF-8, LF line ends).
     */
    public void write(final Path file)
    {
        try
        {
            Files.writeString(file, format(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Compares actual results with these expectations. Lines are matched by connection (unordered endpoint pair and
     * VLAN; the n-th expected line of a connection with its n-th actual line), so a missing or extra connection
     * does not shift every line after it, and a client/server swap shows as a difference of that connection.
     * Alert lines are matched by kind and subject and compared by count, after the connections. The
     * {@code #options} line is a setting, not a result, and is not compared.
     *
     * @param actual what the analysis produced.
     * @return the differences, one readable block per connection or alert; empty when they agree (connection order
     * included).
     */
    public List<String> diff(final ExpectedFile actual)
    {
        return ExpectedDiff.between(this, actual);
    }

    /**
     * @param expected the expectations.
     * @param actual   the results.
     * @param title    what was compared (the capture file).
     * @return a report for a failing test: a title line then every difference; empty when they agree.
     */
    public static String renderDiff(final ExpectedFile expected, final ExpectedFile actual, final String title)
    {
        final List<String> diff = expected.diff(actual);
        if (diff.isEmpty())
        {
            return "";
        }
        return title + ": " + diff.size() + " difference(s)\n" + String.join("\n", diff) + "\n";
    }

    /** Splits an options line; see {@link OptionsLine#split}. */
    static List<String> splitOptions(final String text, final String where)
    {
        return OptionsLine.split(text, where);
    }

    /** The inverse of {@link #splitOptions}; see {@link OptionsLine#join}. */
    static String joinOptions(final List<String> args)
    {
        return OptionsLine.join(args);
    }
}
