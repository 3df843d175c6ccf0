package io.wirestat.capture.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * Options that select which connections are shown, in ss's vocabulary, shared (as a picocli mixin) by every command
 * that lists connections: {@code --state}, {@code --side}, {@code --port}, {@code --host}, {@code --all}.
 * Not thread safe; filled by picocli, then read once.
 */
public final class SelectionOptions
{
    @Option(names = "--state", paramLabel = "STATE", split = ",", converter = StateSelector.Converter.class,
        description = "Show connections with an endpoint in one of these states (repeatable, comma separated): "
            + "ss names (established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, closed, close-wait, "
            + "last-ack, listening, closing, unknown), netstat names (CLOSE_WAIT, ...) or ss's groups: all, "
            + "connected (all but listen and closed), synchronized (connected but syn-sent), bucket (syn-recv, "
            + "time-wait), big (all but bucket). Closed connections are shown when the states include closed.")
    List<StateSelector> states;

    @Option(names = "--side", paramLabel = "SIDE",
        description = "Which endpoint --state, --port and --host look at: ${COMPLETION-CANDIDATES}. "
            + "Default: ${DEFAULT-VALUE} (either endpoint).")
    Side side = Side.BOTH;

    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
        description = "Show connections with this port on either endpoint.")
    int port = ConnectionFilter.ANY_PORT;

    @Option(names = "--host", paramLabel = "ADDR", converter = AddressPrefix.Converter.class,
        description = "Show connections with this address on either endpoint: an IPv4 or IPv6 literal or a CIDR "
            + "prefix, e.g. 10.0.0.1 or 10.0.0.0/8 or ::1 or fd00::/16.")
    AddressPrefix host;

    @Option(names = {"-a", "--all"},
        description = "Also show connections closed on both sides, which are hidden by default (as ss hides them).")
    boolean all;

    /** @return the filter these options describe. */
    ConnectionFilter filter()
    {
        StateSelector union = null;
        if (states != null)
        {
            for (final StateSelector selector : states)
            {
                union = union == null ? selector : union.union(selector);
            }
        }
        return new ConnectionFilter(union, side, port, host);
    }

    /** @return true if connections closed on both sides are shown: {@code --all}, or a {@code --state} selection. */
    boolean showClosed()
    {
        return all || states != null;
    }

    /** Converts a TCP port, 0 to 65535; anything else is a usage error. Stateless; thread safe. */
    public static final class PortConverter implements CommandLine.ITypeConverter<Integer>
    {
        @Override
        public Integer convert(final String value)
        {
            if (!value.trim().matches("\\d{1,5}") || Integer.parseInt(value.trim()) > 65_535)
            {
                throw new CommandLine.TypeConversionException("not a TCP port: '" + value + "' (expected: 0 to 65535)");
            }
            return Integer.parseInt(value.trim());
        }
    }
}
