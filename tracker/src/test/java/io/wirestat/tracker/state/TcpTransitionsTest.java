package io.wirestat.tracker.state;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.wirestat.tracker.state.EndpointEvent.FIN_OUT;
import static io.wirestat.tracker.state.EndpointEvent.OWN_FIN_ACKED;
import static io.wirestat.tracker.state.EndpointEvent.OWN_SYN_ACKED;
import static io.wirestat.tracker.state.EndpointEvent.PEER_FIN_ACKED;
import static io.wirestat.tracker.state.EndpointEvent.PEER_SYN_ACKED;
import static io.wirestat.tracker.state.EndpointEvent.RST;
import static io.wirestat.tracker.state.EndpointEvent.SYNACK_OUT;
import static io.wirestat.tracker.state.EndpointEvent.SYN_OUT;
import static io.wirestat.tracker.state.EndpointEvent.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Every cell of the transition table, golden-compared with {@code transitions.tsv}, so any change to a cell shows up
 * as a reviewed diff (regenerate with {@code -Dgolden.update=true}); plus the RFC 9293 paths spelled out.
 */
class TcpTransitionsTest
{
    private static final String GOLDEN = "/state/transitions.tsv";

    @Test
    void shouldMatchGoldenTableCellByCell() throws IOException
    {
        final List<String> actual = render();
        if (Boolean.getBoolean("golden.update"))
        {
            Files.write(Path.of("src/test/resources" + GOLDEN), actual, StandardCharsets.UTF_8);
        }
        final List<String> expected = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream(GOLDEN))
        {
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                expected.add(line);
            }
        }
        assertEquals(TcpState.COUNT * EndpointEvent.COUNT + 2, expected.size(), "one line per cell plus two header lines");
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i), actual.get(i), "transitions.tsv line " + (i + 1));
        }
    }

    @Test
    void shouldFollowTheClientSideOfAnActiveClose()
    {
        byte s = TcpState.UNKNOWN;
        s = step(s, SYN_OUT, TcpState.SYN_SENT);
        s = step(s, OWN_SYN_ACKED, TcpState.SYN_SENT);           // SYN-ACK seen, not yet acknowledged by us
        assertEquals(TcpTransitions.SYN_RECV_OR_ESTABLISHED, TcpTransitions.next(s, PEER_SYN_ACKED));
        s = TcpState.ESTABLISHED;
        s = step(s, FIN_OUT, TcpState.FIN_WAIT_1);
        s = step(s, OWN_FIN_ACKED, TcpState.FIN_WAIT_2);
        s = step(s, PEER_FIN_ACKED, TcpState.TIME_WAIT);
        step(s, TIMEOUT, TcpState.CLOSED);
    }

    @Test
    void shouldFollowTheServerSideOfAPassiveClose()
    {
        byte s = TcpState.UNKNOWN;
        assertEquals(TcpTransitions.SYN_RECV_OR_ESTABLISHED, TcpTransitions.next(s, PEER_SYN_ACKED));
        s = TcpState.SYN_RECV;
        s = step(s, SYNACK_OUT, TcpState.SYN_RECV);
        s = step(s, OWN_SYN_ACKED, TcpState.ESTABLISHED);
        s = step(s, PEER_FIN_ACKED, TcpState.CLOSE_WAIT);
        s = step(s, FIN_OUT, TcpState.LAST_ACK);
        step(s, OWN_FIN_ACKED, TcpState.CLOSED);
    }

    @Test
    void shouldPassThroughClosingOnSimultaneousClose()
    {
        byte s = step(TcpState.ESTABLISHED, FIN_OUT, TcpState.FIN_WAIT_1);
        s = step(s, PEER_FIN_ACKED, TcpState.CLOSING);
        step(s, OWN_FIN_ACKED, TcpState.TIME_WAIT);
    }

    @Test
    void shouldCloseOnRstFromEveryStateButClosed()
    {
        for (byte s = 0; s < TcpState.COUNT; s++)
        {
            final byte next = TcpTransitions.next(s, RST);
            if (s == TcpState.CLOSED)
            {
                assertEquals(TcpState.IGNORE, next);
            }
            else
            {
                assertEquals(TcpState.CLOSED, next, TcpState.name(s));
            }
        }
    }

    @Test
    void shouldExpireOnlyTimeWait()
    {
        for (byte s = 0; s < TcpState.COUNT; s++)
        {
            if (s == TcpState.TIME_WAIT)
            {
                assertEquals(TcpState.CLOSED, TcpTransitions.next(s, TIMEOUT));
            }
            else
            {
                assertEquals(TcpState.IGNORE, TcpTransitions.next(s, TIMEOUT), TcpState.name(s));
            }
        }
    }

    @Test
    void shouldNeverLeaveClosedOrGoBackToAHandshakeState()
    {
        for (int e = 0; e < EndpointEvent.COUNT; e++)
        {
            assertEquals(TcpState.IGNORE, TcpTransitions.next(TcpState.CLOSED, e), EndpointEvent.name(e));
        }
        for (byte s = TcpState.ESTABLISHED; s < TcpState.COUNT; s++)
        {
            for (int e = 0; e < EndpointEvent.COUNT; e++)
            {
                final byte next = TcpTransitions.next(s, e);
                assertNotEquals(TcpState.SYN_SENT, next);
                assertNotEquals(TcpState.SYN_RECV, next);
                assertNotEquals(TcpTransitions.SYN_RECV_OR_ESTABLISHED, next);
            }
        }
    }

    private static byte step(final byte from, final int event, final byte expected)
    {
        final byte next = TcpTransitions.next(from, event);
        final byte actual = next == TcpState.IGNORE ? from : next;
        assertEquals(TcpState.name(expected), TcpState.name(actual),
            TcpState.name(from) + " + " + EndpointEvent.name(event));
        return actual;
    }

    private static List<String> render()
    {
        final List<String> lines = new ArrayList<>();
        lines.add("# generated from TcpTransitions.TABLE: rerun TcpTransitionsTest with -Dgolden.update=true, review the diff");
        lines.add("state\tevent\tnext");
        for (byte s = 0; s < TcpState.COUNT; s++)
        {
            for (int e = 0; e < EndpointEvent.COUNT; e++)
            {
                final byte next = TcpTransitions.next(s, e);
                final String text = next == TcpState.IGNORE ? "-" :
                    next == TcpTransitions.SYN_RECV_OR_ESTABLISHED ? "SYN_RECV|ESTABLISHED" : TcpState.name(next);
                lines.add(TcpState.name(s) + "\t" + EndpointEvent.name(e) + "\t" + text);
            }
        }
        return lines;
    }
}
