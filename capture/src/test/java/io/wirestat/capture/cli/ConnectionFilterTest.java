package io.wirestat.capture.cli;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import static io.wirestat.capture.cli.RecordBuilder.connection;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionFilterTest
{
    private final ConnectionRecord closeWaitServer = connection()
        .client("10.0.0.1", 40_000).server("10.0.0.2", 8080)
        .states(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT).build();
    private final ConnectionRecord v6 = connection()
        .client("fd00::1", 50_000).server("fd00::2", 443).build();

    @Test
    void shouldMatchEverythingWithoutConditions()
    {
        assertTrue(ConnectionFilter.ALL.matches(closeWaitServer));
        assertTrue(ConnectionFilter.ALL.matches(v6));
        assertFalse(ConnectionFilter.ALL.hasStateCondition());
    }

    @Test
    void shouldMatchAStateOnEitherEndpoint()
    {
        final ConnectionFilter closeWait = stateFilter("close-wait", Side.BOTH);
        final ConnectionFilter finWait2 = stateFilter("fin-wait-2", Side.BOTH);
        assertTrue(closeWait.hasStateCondition());
        assertTrue(closeWait.matches(closeWaitServer));
        assertTrue(finWait2.matches(closeWaitServer));
        assertFalse(closeWait.matches(v6));
    }

    @Test
    void shouldRestrictStateToOneSide()
    {
        assertTrue(stateFilter("close-wait", Side.SERVER).matches(closeWaitServer));
        assertFalse(stateFilter("close-wait", Side.CLIENT).matches(closeWaitServer));
        assertTrue(stateFilter("fin-wait-2", Side.CLIENT).matches(closeWaitServer));
        assertFalse(stateFilter("fin-wait-2", Side.SERVER).matches(closeWaitServer));
    }

    @Test
    void shouldMatchAPortOnEitherEndpointOrTheChosenSide()
    {
        assertTrue(new ConnectionFilter(null, Side.BOTH, 8080, null).matches(closeWaitServer));
        assertTrue(new ConnectionFilter(null, Side.BOTH, 40_000, null).matches(closeWaitServer));
        assertFalse(new ConnectionFilter(null, Side.BOTH, 443, null).matches(closeWaitServer));
        assertTrue(new ConnectionFilter(null, Side.SERVER, 8080, null).matches(closeWaitServer));
        assertFalse(new ConnectionFilter(null, Side.SERVER, 40_000, null).matches(closeWaitServer));
    }

    @Test
    void shouldMatchAHostOrPrefixOnEitherEndpoint()
    {
        assertTrue(new ConnectionFilter(null, Side.BOTH, -1, AddressPrefix.parse("10.0.0.2")).matches(closeWaitServer));
        assertFalse(new ConnectionFilter(null, Side.CLIENT, -1, AddressPrefix.parse("10.0.0.2"))
            .matches(closeWaitServer));
        assertTrue(new ConnectionFilter(null, Side.BOTH, -1, AddressPrefix.parse("fd00::/16")).matches(v6));
        assertFalse(new ConnectionFilter(null, Side.BOTH, -1, AddressPrefix.parse("fd00::/16"))
            .matches(closeWaitServer));
    }

    @Test
    void shouldRequireEveryGivenCondition()
    {
        final ConnectionFilter filter = new ConnectionFilter(
            StateSelector.parse("CLOSE_WAIT"), Side.BOTH, 8080, AddressPrefix.parse("10.0.0.0/24"));
        assertTrue(filter.matches(closeWaitServer));
        assertFalse(new ConnectionFilter(StateSelector.parse("CLOSE_WAIT"), Side.BOTH, 8081, null)
            .matches(closeWaitServer));
    }

    @Test
    void shouldRejectAPortOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionFilter(null, Side.BOTH, 65_536, null));
    }

    private static ConnectionFilter stateFilter(final String state, final Side side)
    {
        return new ConnectionFilter(StateSelector.parse(state), side, ConnectionFilter.ANY_PORT, null);
    }
}
