package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.FileFault;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds hand-made {@link ConnectionRecord}s and {@link AnalysisReport}s for renderer and CLI tests.
 */
final class RecordBuilder
{
    /** 2024-05-01T12:00:00Z in epoch nanoseconds. */
    static final long T0 = 1_714_564_800_000_000_000L;

    private Endpoint client = Endpoint.parse("10.0.0.1", 40_000);
    private Endpoint server = Endpoint.parse("10.0.0.2", 80);
    private int vlan;
    private byte clientState = TcpState.ESTABLISHED;
    private byte serverState = TcpState.ESTABLISHED;
    private long firstSeen = T0;
    private long lastSeen = T0 + 1_500_000_000L;
    private long clientPackets = 5;
    private long serverPackets = 4;
    private long clientBytes = 120;
    private long serverBytes = 4_096;
    private String history = "ShAD";
    private boolean partial;

    static RecordBuilder connection()
    {
        return new RecordBuilder();
    }

    RecordBuilder client(final String address, final int port)
    {
        client = Endpoint.parse(address, port);
        return this;
    }

    RecordBuilder server(final String address, final int port)
    {
        server = Endpoint.parse(address, port);
        return this;
    }

    RecordBuilder vlan(final int vlan)
    {
        this.vlan = vlan;
        return this;
    }

    RecordBuilder states(final byte clientState, final byte serverState)
    {
        this.clientState = clientState;
        this.serverState = serverState;
        return this;
    }

    RecordBuilder seen(final long firstSeen, final long lastSeen)
    {
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        return this;
    }

    RecordBuilder traffic(final long clientPackets, final long serverPackets, final long clientBytes,
        final long serverBytes)
    {
        this.clientPackets = clientPackets;
        this.serverPackets = serverPackets;
        this.clientBytes = clientBytes;
        this.serverBytes = serverBytes;
        return this;
    }

    RecordBuilder history(final String history)
    {
        this.history = history;
        return this;
    }

    RecordBuilder partial(final boolean partial)
    {
        this.partial = partial;
        return this;
    }

    ConnectionRecord build()
    {
        return new ConnectionRecord(client, server, vlan, clientState, serverState, firstSeen, lastSeen,
            clientPackets, serverPackets, clientBytes, serverBytes, clientBytes + 40 * clientPackets,
            serverBytes + 40 * serverPackets, history, partial, 1, firstSeen + 1_000L, lastSeen - 1_000L, 2, 3);
    }

    static Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("frames", 1_234L);
        counters.put("tcp_segments", 1_200L);
        counters.put("skipped_not_tcp", 34L);
        counters.put("connections", 3L);
        counters.put("port_reuses", 0L);
        return counters;
    }

    static AnalysisReport report(final List<ConnectionRecord> connections, final List<FileFault> faults)
    {
        return new AnalysisReport(connections, counters(), faults, T0, T0 + 90_123_456_789L);
    }
}
