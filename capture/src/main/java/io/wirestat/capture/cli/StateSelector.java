package io.wirestat.capture.cli;

import io.wirestat.tracker.state.TcpState;
import picocli.CommandLine;

import java.util.Locale;
import java.util.Map;

/**
 * A set of TCP states named the way {@code ss state ...} names them: single states in ss's spelling
 * ({@code close-wait}, {@code syn-recv}, {@code listening}), in netstat's ({@code CLOSE_WAIT}, {@code LISTEN}), or
 * one of ss's groups:
 * <ul>
 *   <li>{@code all}: every state;</li>
 *   <li>{@code connected}: all except {@code listen} and {@code closed};</li>
 *   <li>{@code synchronized}: {@code connected} except {@code syn-sent};</li>
 *   <li>{@code bucket}: {@code syn-recv} and {@code time-wait} (states Linux keeps as minisockets);</li>
 *   <li>{@code big}: all except {@code bucket}.</li>
 * </ul>
 * wirestat's extra state {@code unknown} (no evidence about the endpoint yet) is a member of {@code all},
 * {@code connected}, {@code synchronized} and {@code big}, as ss's groups are defined by exclusion.
 * <p>
 * Held as a bit set over {@link TcpState} constants. Immutable; thread safe.
 */
public final class StateSelector
{
    private static final int ALL = (1 << TcpState.COUNT) - 1;
    private static final int CONNECTED = ALL & ~bit(TcpState.LISTEN) & ~bit(TcpState.CLOSED);
    private static final int SYNCHRONIZED = CONNECTED & ~bit(TcpState.SYN_SENT);
    private static final int BUCKET = bit(TcpState.SYN_RECV) | bit(TcpState.TIME_WAIT);
    private static final int BIG = ALL & ~BUCKET;

    /** ss's groups, and ss's own spelling of LISTEN, by name. */
    private static final Map<String, Integer> GROUPS = Map.of(
        "all", ALL,
        "connected", CONNECTED,
        "synchronized", SYNCHRONIZED,
        "bucket", BUCKET,
        "big", BIG,
        "listening", bit(TcpState.LISTEN));

    /** Every state (ss's {@code all}). */
    public static final StateSelector ALL_STATES = new StateSelector(ALL);

    /** The group names ss accepts, for help text and error messages. */
    public static final String GROUP_NAMES = "all, connected, synchronized, bucket, big";

    private final int mask;

    private StateSelector(final int mask)
    {
        this.mask = mask;
    }

    /**
     * Parses one state or group name (case does not matter; {@code -} and {@code _} are interchangeable).
     *
     * @param text to parse, e.g. {@code close-wait}, {@code CLOSE_WAIT} or {@code connected}.
     * @return the selector.
     * @throws IllegalArgumentException if the text names no state and no group.
     */
    public static StateSelector parse(final String text)
    {
        final String norm = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        final Integer group = GROUPS.get(norm);
        if (group != null)
        {
            return new StateSelector(group);
        }
        final byte state = TcpState.parse(norm);
        if (state == TcpState.IGNORE || norm.isEmpty())
        {
            throw new IllegalArgumentException("unknown TCP state '" + text + "' (expected: a state such as "
                + "established, syn-sent, close-wait, time-wait, CLOSE_WAIT, or a group: " + GROUP_NAMES + ")");
        }
        return new StateSelector(bit(state));
    }

    /**
     * @param other selector to add.
     * @return a selector holding the states of both.
     */
    public StateSelector union(final StateSelector other)
    {
        return new StateSelector(mask | other.mask);
    }

    /**
     * @param state a {@link TcpState} constant.
     * @return true if the state is in this set.
     */
    public boolean contains(final int state)
    {
        return state >= 0 && state < TcpState.COUNT && (mask & bit(state)) != 0;
    }

    /** @return the states in this set, in netstat's spelling, in {@link TcpState} order, comma separated. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            if (contains(state))
            {
                sb.append(sb.length() == 0 ? "" : ",").append(TcpState.name(state));
            }
        }
        return sb.toString();
    }

    private static int bit(final int state)
    {
        return 1 << state;
    }

    /**
     * picocli converter for {@code --state}: one comma-separated element per call; a bad name is a usage error.
     * Stateless; thread safe.
     */
    public static final class Converter implements CommandLine.ITypeConverter<StateSelector>
    {
        @Override
        public StateSelector convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }
}
