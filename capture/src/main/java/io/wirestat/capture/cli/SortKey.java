package io.wirestat.capture.cli;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import picocli.CommandLine;

import java.util.Comparator;
import java.util.Locale;

/**
 * What {@code --sort} orders the connection table by. Each key has the direction one looks for first, as
 * {@code top} and {@code ps --sort} users expect: the oldest, the longest in its state, the busiest first;
 * first-seen and the addresses in ascending order. {@code -r} reverses. Ties are broken by first-seen order
 * ({@link ConnectionRecord#FIRST_SEEN_ORDER}), so the output is the same on every run. Immutable; thread safe.
 */
public enum SortKey
{
    /** Connection age, as of the report's time (asOf minus first packet): oldest first. */
    AGE("age"),
    /**
     * How long the connection has been in its current states: asOf minus the earlier of the two endpoints'
     * state-since times (the endpoint that has been in its state longest), longest first.
     */
    STATE_AGE("state-age"),
    /** First packet, earliest first (capture order). */
    FIRST_SEEN("first-seen"),
    /** Packets both ways, most first. */
    PACKETS("packets"),
    /** TCP payload bytes both ways, most first. */
    BYTES("bytes"),
    /** Client address (IPv4 before IPv6, numerically), then port, ascending. */
    CLIENT("client"),
    /** Server address, then port, ascending. */
    SERVER("server");

    /** Addresses in numeric order (IPv4-mapped sorts before other IPv6), then port. */
    static final Comparator<Endpoint> ENDPOINT_ORDER = Comparator
        .comparing(Endpoint::isIpv4, Comparator.reverseOrder())
        .thenComparing(Endpoint::hi, Long::compareUnsigned)
        .thenComparing(Endpoint::lo, Long::compareUnsigned)
        .thenComparingInt(Endpoint::port);

    private final String option;

    SortKey(final String option)
    {
        this.option = option;
    }

    /**
     * Ages are measured from the same as-of time for every connection, so oldest first is earliest first.
     *
     * @return the order this key gives (before any {@code -r}), ties broken by first-seen order.
     */
    Comparator<ConnectionRecord> comparator()
    {
        final Comparator<ConnectionRecord> primary;
        switch (this)
        {
            case AGE:
                primary = Comparator.comparingLong(ConnectionRecord::firstSeenNanos);
                break;
            case STATE_AGE:
                primary = Comparator.comparingLong(SortKey::stateSince);
                break;
            case FIRST_SEEN:
                primary = Comparator.comparingLong(ConnectionRecord::firstSeenNanos);
                break;
            case PACKETS:
                primary = Comparator.comparingLong((ConnectionRecord r) -> r.clientPackets() + r.serverPackets())
                    .reversed();
                break;
            case BYTES:
                primary = Comparator.comparingLong((ConnectionRecord r) -> r.clientBytes() + r.serverBytes())
                    .reversed();
                break;
            case CLIENT:
                primary = Comparator.comparing(ConnectionRecord::client, ENDPOINT_ORDER);
                break;
            case SERVER:
                primary = Comparator.comparing(ConnectionRecord::server, ENDPOINT_ORDER);
                break;
            default:
                throw new IllegalStateException("unknown sort key " + this);
        }
        return primary.thenComparing(ConnectionRecord.FIRST_SEEN_ORDER);
    }

    /**
     * @param record a connection.
     * @return when the endpoint that has been in its current state longest entered it.
     */
    static long stateSince(final ConnectionRecord record)
    {
        return Math.min(record.clientStateSinceNanos(), record.serverStateSinceNanos());
    }

    /** @return the name written on the command line. */
    @Override
    public String toString()
    {
        return option;
    }

    /** Converts {@code --sort} values; a bad one is a usage error that lists the keys. Stateless; thread safe. */
    public static final class Converter implements CommandLine.ITypeConverter<SortKey>
    {
        @Override
        public SortKey convert(final String value)
        {
            final String wanted = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (final SortKey key : values())
            {
                if (key.option.equals(wanted))
                {
                    return key;
                }
            }
            throw new CommandLine.TypeConversionException("unknown sort key: '" + value
                + "' (expected one of: age, state-age, first-seen, packets, bytes, client, server)");
        }
    }
}
