package io.wirestat.capture.report.zeek;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every Zeek conn_state from hand-built histories, including Zeek's special rules (ZEEK_ORACLE.md §1.1, §1.2).
 * Rows marked "baseline" are histories and labels taken from the Zeek corpus baselines.
 */
class ZeekConnStateTest
{
    @ParameterizedTest(name = "{0} -> {3} ({4})")
    @CsvSource(delimiter = '|', value = {
        // history   | orig bytes | resp bytes | label  | why
        "S           | 0          | 0          | S0     | SYN, no reply",
        "SAD         | 10         | 0          | S0     | SYN, then ACK and data, no reply: still SYN_SENT (baseline ssh half-duplex)",
        "Ss          | 0          | 0          | S1     | simultaneous open: both ESTABLISHED",
        "ShADad      | 10         | 20         | S1     | established, still open at the end (baseline wikipedia)",
        "ShAaDd      | 10         | 20         | S1     | established (baseline connect-with-header)",
        "ShADadFf    | 10         | 20         | SF     | normal close",
        "hADdFaf     | 10         | 20         | SF     | SYN missed: the originator's ACK after the SYN-ACK establishes it (baseline missing-syn)",
        "hSADadFf    | 10         | 20         | SF     | SYN-ACK captured before the SYN: Zeek's SYN/SYN-ACK reversal establishes both",
        "Sr          | 0          | 0          | REJ    | refused (baseline pop3)",
        "Hr          | 0          | 0          | REJ    | originator's first packet a SYN-ACK, answered by RST",
        "ShRr        | 0          | 0          | REJ    | both reset, no bytes either way",
        "ShDRr       | 10         | 0          | RSTR   | both reset, but bytes were sent: the REJ exception needs zero bytes",
        "ShADF       | 10         | 20         | S2     | originator closed, responder did not",
        "ShADf       | 10         | 20         | S3     | responder closed, originator did not",
        "ShADR       | 10         | 0          | RSTO   | originator abort",
        "ShADdR      | 10         | 20         | RSTO   | originator abort (baseline ldap simpleauth)",
        "ShADRf      | 10         | 20         | RSTO   | responder FIN after the originator's RST (no FIN before it): stays RESET",
        "ShADr       | 10         | 0          | RSTR   | responder abort",
        "ShADadFr    | 10         | 20         | RSTR   | responder RST after the originator's FIN only (baseline ssh.pcap)",
        "SR          | 0          | 0          | RSTOS0 | SYN then RST (baseline conn_state-RST-behavior)",
        "SaR         | 0          | 0          | RSTOS0 | responder's bare ACK leaves it INACTIVE (eccentric TCP); baseline",
        "hr          | 0          | 0          | RSTRH  | SYN-ACK then RST, SYN never seen",
        "Dr          | 10         | 0          | RSTRH  | mid-stream originator, responder RST (baseline modbus)",
        "SADF        | 10         | 0          | SH     | SYN, data, FIN, no reply (baseline vlan-mpls)",
        "DAF         | 10         | 0          | SH     | mid-stream originator closes, responder silent",
        "hadf        | 0          | 20         | SHR    | only the responder visible (baseline ssh server-side half-duplex)",
        "R           | 0          | 0          | OTH    | a lone RST (baseline conn_state-RST-behavior)",
        "SaFR        | 0          | 0          | OTH    | F before R breaks the RSTOS0 pattern (baseline conn_state-RST-behavior)",
        "DdA         | 10         | 20         | OTH    | mid-stream both ways: PARTIAL/PARTIAL (baseline wikipedia)",
        "h           | 0          | 0          | OTH    | lone SYN-ACK (baseline wikipedia)",
        "DS          | 10         | 0          | S0     | SYN after a partial start, responder silent: SYN_SENT again",
        "ShADadFfR   | 10         | 20         | SF     | a RST after both FINs changes nothing",
        "ShAadDfFr   | 10         | 20         | SF     | responder RST after both FINs (baseline pop3-starttls)",
        "ShADFRf     | 10         | 20         | SF     | FIN, RST, then the peer's FIN: Zeek turns the RST back into CLOSED",
        "ShADadFRf   | 10         | 20         | SF     | the same (baseline irc-starttls)",
        "ShADaGdgtR  | 10         | 20         | RSTO   | gap and retransmission letters carry no state (baseline rxmit-history)",
        "ShADI       | 10         | 0          | RSTO   | FIN+RST acts as a RST",
    })
    void shouldLabelEveryConnState(
        final String history, final long origBytes, final long respBytes, final String label, final String why)
    {
        assertEquals(label, ZeekConnState.of(Records.withHistory(history, origBytes, respBytes)), why);
    }

    @Test
    void shouldLeaveAnEmptyHistoryInactiveOnBothSides()
    {
        assertEquals("INACTIVE/INACTIVE", ZeekEndpointMachine.replay("").toString());
        assertEquals("OTH", ZeekConnState.label("", 0, 0));
    }

    @Test
    void shouldTrackEndpointStatesLikeZeek()
    {
        assertEquals("SYN_SENT/INACTIVE", ZeekEndpointMachine.replay("Sa").toString());
        assertEquals("ESTABLISHED/ESTABLISHED", ZeekEndpointMachine.replay("Sh").toString());
        assertEquals("SYN_ACK_SENT/INACTIVE", ZeekEndpointMachine.replay("H").toString());
        assertEquals("PARTIAL/PARTIAL", ZeekEndpointMachine.replay("Dd").toString());
        assertEquals("CLOSED/RESET", ZeekEndpointMachine.replay("ShAFr").toString());
        assertEquals("CLOSED/CLOSED", ZeekEndpointMachine.replay("ShAFRf").toString());
        assertEquals("RESET/CLOSED", ZeekEndpointMachine.replay("ShARf").toString());
        assertEquals("CLOSED/CLOSED", ZeekEndpointMachine.replay("ShAFfR").toString());
    }

    @Test
    void shouldUseTheRecordsByteCountsForTheRejRule()
    {
        assertEquals("REJ", ZeekConnState.of(Records.withHistory("ShRr", 0, 0)));
        assertEquals("RSTR", ZeekConnState.of(Records.withHistory("ShRr", 0, 5)));
    }
}
