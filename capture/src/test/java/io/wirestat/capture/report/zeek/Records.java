package io.wirestat.capture.report.zeek;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

/**
 * Hand-built connection records for the Zeek tests. Test helper; stateless.
 */
final class Records
{
    static final Endpoint CLIENT = Endpoint.parse("10.0.0.1", 40000);
    static final Endpoint SERVER = Endpoint.parse("10.0.0.2", 80);

    private Records()
    {
    }

    /**
     * @param history     Zeek-style history (upper case client).
     * @param clientBytes client payload bytes.
     * @param serverBytes server payload bytes.
     * @return a record between {@link #CLIENT} and {@link #SERVER}; states UNKNOWN (Zeek's label ignores them).
     */
    static ConnectionRecord withHistory(final String history, final long clientBytes, final long serverBytes)
    {
        return record(CLIENT, SERVER, history, 1_000_000_000L, 2_500_000_000L, clientBytes, serverBytes);
    }

    static ConnectionRecord record(
        final Endpoint client, final Endpoint server, final String history, final long firstNanos,
        final long lastNanos, final long clientBytes, final long serverBytes)
    {
        return new ConnectionRecord(client, server, 0, TcpState.UNKNOWN, TcpState.UNKNOWN, firstNanos, lastNanos,
            3, 2, clientBytes, serverBytes, 40 * 3 + clientBytes, 40 * 2 + serverBytes, history, false, 0,
            firstNanos, firstNanos, 0, 0);
    }
}
