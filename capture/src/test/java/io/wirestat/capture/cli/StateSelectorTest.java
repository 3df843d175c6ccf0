package io.wirestat.capture.cli;

import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateSelectorTest
{
    @ParameterizedTest
    @CsvSource({
        "established, ESTABLISHED", "syn-sent, SYN_SENT", "syn-recv, SYN_RECV", "fin-wait-1, FIN_WAIT_1",
        "fin-wait-2, FIN_WAIT_2", "time-wait, TIME_WAIT", "closed, CLOSED", "close-wait, CLOSE_WAIT",
        "last-ack, LAST_ACK", "listening, LISTEN", "listen, LISTEN", "closing, CLOSING", "unknown, UNKNOWN",
        "CLOSE_WAIT, CLOSE_WAIT", "FIN_WAIT_2, FIN_WAIT_2", "Time-Wait, TIME_WAIT", "syn_received, SYN_RECV",
        "close_wait, CLOSE_WAIT"
    })
    void shouldParseEverySsAndNetstatStateName(final String text, final String expected)
    {
        assertEquals(expected, StateSelector.parse(text).toString());
    }

    @Test
    void shouldParseEveryNetstatSpellingOfEveryState()
    {
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            assertEquals(TcpState.name(state), StateSelector.parse(TcpState.name(state)).toString());
            assertEquals(TcpState.name(state), StateSelector.parse(TcpState.ssName(state)).toString());
        }
    }

    @Test
    void shouldSelectEveryStateForAll()
    {
        final StateSelector all = StateSelector.parse("all");
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            assertTrue(all.contains(state), TcpState.name(state));
        }
    }

    @Test
    void shouldExcludeListenAndClosedFromConnected()
    {
        assertEquals(
            "UNKNOWN,SYN_SENT,SYN_RECV,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,CLOSE_WAIT,CLOSING,LAST_ACK,TIME_WAIT",
            StateSelector.parse("connected").toString());
    }

    @Test
    void shouldExcludeSynSentFromSynchronized()
    {
        assertEquals("UNKNOWN,SYN_RECV,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,CLOSE_WAIT,CLOSING,LAST_ACK,TIME_WAIT",
            StateSelector.parse("synchronized").toString());
    }

    @Test
    void shouldHoldSynRecvAndTimeWaitInBucket()
    {
        assertEquals("SYN_RECV,TIME_WAIT", StateSelector.parse("bucket").toString());
    }

    @Test
    void shouldHoldAllButBucketInBig()
    {
        final StateSelector big = StateSelector.parse("BIG");
        assertFalse(big.contains(TcpState.SYN_RECV));
        assertFalse(big.contains(TcpState.TIME_WAIT));
        assertEquals("UNKNOWN,LISTEN,SYN_SENT,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,CLOSE_WAIT,CLOSING,LAST_ACK,CLOSED",
            big.toString());
    }

    @Test
    void shouldUnionSelectors()
    {
        final StateSelector union = StateSelector.parse("close-wait").union(StateSelector.parse("bucket"));
        assertEquals("SYN_RECV,CLOSE_WAIT,TIME_WAIT", union.toString());
        assertFalse(union.contains(TcpState.ESTABLISHED));
        assertFalse(union.contains(TcpState.IGNORE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "establish", "fin-wait", "time wait", "connect", "*"})
    void shouldRejectUnknownNames(final String text)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> StateSelector.parse(text));
        assertTrue(ex.getMessage().contains("unknown TCP state '" + text + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains(StateSelector.GROUP_NAMES), ex.getMessage());
    }
}
