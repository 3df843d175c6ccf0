package io.wirestat.capture.report.html;

import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page's data without a browser: the samples' second pass (states and packets of the sampled connections, as
 * the kernel fixture's expected file says), and sample texts with IPv6 and VLANs.
 */
final class HtmlReportTest
{
    private static final Path DEMO = Path.of("..", "replay-fixtures", "captures", "kernel", "demo.pcap");

    @Test
    void shouldFollowTheSampledConnectionsThroughASecondPass() throws Exception
    {
        final io.wirestat.capture.analysis.AnalysisOptions options = new io.wirestat.capture.analysis.AnalysisOptions();
        options.files.add(DEMO);
        final String blackHoled = "198.18.0.1:43974 -> 198.18.0.2:7000";
        final String leaking = "198.18.0.1:57790 -> 198.18.0.2:9000";
        final Map<String, SampleTimelines.Sample> samples = SampleTimelines.collect(List.of(blackHoled, leaking),
            options, 1_795_422_070_323_287_000L);
        // The black-holed SYN: 10 SYNs (9 retransmissions), the client in SYN_SENT from the first, history "S".
        final SampleTimelines.Sample syn = samples.get(blackHoled);
        assertEquals(10, syn.packets());
        assertEquals("S", syn.history());
        assertEquals(1, syn.changes().size());
        assertEquals(TcpState.SYN_SENT, syn.changes().get(0).client());
        assertEquals(9, syn.ticks().stream().filter(SampleTimelines.Tick::retransmit).count());
        // The leak: through the handshake and the client's FIN to FIN_WAIT_2 / CLOSE_WAIT, as demo.expected says.
        final SampleTimelines.Sample leak = samples.get(leaking);
        final SampleTimelines.Change last = leak.changes().get(leak.changes().size() - 1);
        assertEquals(TcpState.FIN_WAIT_2, last.client());
        assertEquals(TcpState.CLOSE_WAIT, last.server());
        assertEquals("ShADadF", leak.history());
        assertEquals(9, leak.packets());
        assertEquals(TcpState.SYN_SENT, leak.changes().get(0).client());
        for (int i = 1; i < leak.changes().size(); i++)
        {
            assertTrue(leak.changes().get(i).nanos() >= leak.changes().get(i - 1).nanos());
        }
    }

    @Test
    void shouldParseSampleTexts()
    {
        final SampleTimelines.Sample v6 = SampleTimelines.parse("[fd00::1]:34410 -> [fd00::2]:8080 vlan 42");
        assertNotNull(v6);
        assertEquals(34410, v6.client.port());
        assertEquals(8080, v6.server.port());
        assertEquals(42, v6.vlan);
        assertEquals("fd00::2", v6.server.address());
        assertNull(SampleTimelines.parse("198.18.0.2:9000"));
        assertNull(SampleTimelines.parse("a:b -> c:d"));
    }
}
