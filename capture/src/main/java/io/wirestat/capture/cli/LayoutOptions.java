package io.wirestat.capture.cli;

import picocli.CommandLine.Option;

/**
 * How {@code analyze} lays its report out, for people on a terminal and for csv: {@code --sort}, {@code -r},
 * {@code --limit}, {@code --group-by}, {@code --group-alerts} and {@code --no-pager}. A picocli mixin. Not thread
 * safe; filled by picocli, then read once.
 */
public final class LayoutOptions
{
    @Option(names = "--sort", paramLabel = "KEY", converter = SortKey.Converter.class,
        description = "Order the connection table by KEY: age (oldest first), state-age (longest in its current "
            + "state first), first-seen (capture order), packets, bytes (most first), client, server (by address, "
            + "then port). Default: the connections the alerts point at first (the oldest stuck CLOSE_WAIT and "
            + "FIN_WAIT_2, then LAST_ACK, then half-open), then the rest in capture order; csv: capture order. "
            + "With --group-by only 'age' applies (the oldest stuck endpoint first).")
    SortKey sort;

    @Option(names = {"-r", "--reverse"},
        description = "Reverse --sort, or the order of --group-by rows.")
    boolean reverse;

    @Option(names = "--limit", paramLabel = "N",
        description = "Show at most N rows (connections, or groups with --group-by), in table and csv; a line says "
            + "how many more there are. 0 shows all. Default: ${DEFAULT-VALUE}.")
    long limit;

    @Option(names = "--group-by", paramLabel = "KEY", converter = GroupKey.Converter.class,
        description = "Instead of the connection table, one row per group: service (server address:port), server "
            + "(its address), client (the client's address), client-net/NN (its network, e.g. client-net/24), "
            + "port (the server's port). Each row has the group's connections, the endpoints in each state on the "
            + "side that holds it (--side client or server counts one side), and the age and state of its oldest "
            + "stuck endpoint; the groups with most endpoints in the --state states come first (most connections "
            + "without --state). Table, jsonl ('group' objects) and csv. Answers "
            + "`netstat -nat | awk '/CLOSE_WAIT/ {print $4}' | sort | uniq -c | sort -rn` for both sides: "
            + "--group-by service --state close-wait.")
    GroupKey groupBy;

    @Option(names = "--group-alerts", paramLabel = "N", defaultValue = "5",
        description = "In the table, a kind of alert with more than N subjects is printed as one group: its "
            + "advice once, its top N subjects by count and age, and how many more (jsonl and --fail-on still see "
            + "every alert). 0 groups every kind. Default: ${DEFAULT-VALUE}.")
    int groupAlerts = AlertTableWriter.GROUP_ABOVE_DEFAULT;

    @Option(names = "--no-pager",
        description = "Do not pipe the table through a pager. By default, when standard output is a terminal, "
            + "the table goes through $WIRESTAT_PAGER, else $PAGER, else `less -FRSX` (as git does); never "
            + "when standard output is a file or a pipe, nor for jsonl, csv or zeek.")
    boolean noPager;

    /** @return true if an option that orders or limits rows was given. */
    boolean ordersRows()
    {
        return sort != null || reverse || limit != 0;
    }
}
