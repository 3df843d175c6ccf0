package io.wirestat.capture.cli;

import io.wirestat.tracker.report.ConnectionRecord;

/**
 * Selects connection records the way {@code ss} selects sockets: by state, port and address, each looked at on
 * the endpoints {@link Side} allows (either endpoint by default). All given conditions must hold; a condition that
 * was not given matches everything. Whether fully closed connections are shown in the table is the table's
 * concern, not this filter's. Immutable; thread safe.
 */
public final class ConnectionFilter
{
    /** No port condition. */
    public static final int ANY_PORT = -1;

    /** Matches every record. */
    public static final ConnectionFilter ALL = new ConnectionFilter(null, Side.BOTH, ANY_PORT, null);

    private final StateSelector states;
    private final Side side;
    private final int port;
    private final AddressPrefix host;

    /**
     * @param states states either looked-at endpoint must be in, or null for any.
     * @param side   which endpoints the state, port and host conditions look at.
     * @param port   port either looked-at endpoint must have, or {@link #ANY_PORT}.
     * @param host   prefix either looked-at endpoint's address must lie in, or null for any.
     */
    public ConnectionFilter(final StateSelector states, final Side side, final int port, final AddressPrefix host)
    {
        if (port != ANY_PORT && (port < 0 || port > 65_535))
        {
            throw new IllegalArgumentException("port must be 0..65535, port=" + port);
        }
        this.states = states;
        this.side = side;
        this.port = port;
        this.host = host;
    }

    /** @return true if the filter has a state condition (then it alone decides whether closed records show). */
    public boolean hasStateCondition()
    {
        return states != null;
    }

    /** @return the state condition, or null for none. */
    public StateSelector states()
    {
        return states;
    }

    /** @return which endpoints the conditions look at. */
    public Side side()
    {
        return side;
    }

    /**
     * @param record to test.
     * @return true if every given condition holds.
     */
    public boolean matches(final ConnectionRecord record)
    {
        return matchesState(record) && matchesPort(record) && matchesHost(record);
    }

    private boolean matchesState(final ConnectionRecord record)
    {
        return states == null
            || side.client() && states.contains(record.clientState())
            || side.server() && states.contains(record.serverState());
    }

    private boolean matchesPort(final ConnectionRecord record)
    {
        return port == ANY_PORT
            || side.client() && record.client().port() == port
            || side.server() && record.server().port() == port;
    }

    private boolean matchesHost(final ConnectionRecord record)
    {
        return host == null
            || side.client() && host.matches(record.client())
            || side.server() && host.matches(record.server());
    }
}
