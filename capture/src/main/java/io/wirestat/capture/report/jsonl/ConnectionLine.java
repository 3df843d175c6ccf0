package io.wirestat.capture.report.jsonl;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.StateCertainty;
import io.wirestat.tracker.state.TcpState;

import java.nio.charset.StandardCharsets;

/**
 * Composes one {@code "type":"connection"} JSON line (newline included) of {@code --format jsonl} into a
 * {@link JsonLineBuffer}: the fields in the documented order ({@code docs/cli.md}), byte for byte what the
 * jackson-core generator wrote before, without a String per address, number or timestamp. Not thread safe.
 */
public final class ConnectionLine
{
    private static final byte[] TYPE = ascii("{\"type\":\"connection\",\"client\":");
    private static final byte[] SERVER = ascii(",\"server\":");
    private static final byte[] VLAN = ascii(",\"vlan\":");
    private static final byte[] CLIENT_STATE = ascii(",\"client_state\":");
    private static final byte[] SERVER_STATE = ascii(",\"server_state\":");
    private static final byte[] FIRST_SEEN = ascii(",\"first_seen\":");
    private static final byte[] LAST_SEEN = ascii(",\"last_seen\":");
    private static final byte[] HISTORY = ascii(",\"history\":");
    private static final byte[] PARTIAL = ascii(",\"partial\":");
    private static final byte[] CLIENT_PACKETS = ascii(",\"client_packets\":");
    private static final byte[] SERVER_PACKETS = ascii(",\"server_packets\":");
    private static final byte[] CLIENT_BYTES = ascii(",\"client_bytes\":");
    private static final byte[] SERVER_BYTES = ascii(",\"server_bytes\":");
    private static final byte[] CLIENT_IP_BYTES = ascii(",\"client_ip_bytes\":");
    private static final byte[] SERVER_IP_BYTES = ascii(",\"server_ip_bytes\":");
    private static final byte[] SYN_RETRANSMITS = ascii(",\"syn_retransmits\":");
    private static final byte[] CLIENT_RETRANSMITS = ascii(",\"client_retransmits\":");
    private static final byte[] SERVER_RETRANSMITS = ascii(",\"server_retransmits\":");
    private static final byte[] CLIENT_STATE_SINCE = ascii(",\"client_state_since\":");
    private static final byte[] SERVER_STATE_SINCE = ascii(",\"server_state_since\":");
    private static final byte[] CLIENT_ALTERNATIVES = ascii(",\"client_state_alternatives\":[");
    private static final byte[] SERVER_ALTERNATIVES = ascii(",\"server_state_alternatives\":[");
    private static final byte[] CLIENT_EVIDENCE = ascii(",\"client_state_evidence\":");
    private static final byte[] SERVER_EVIDENCE = ascii(",\"server_state_evidence\":");
    private static final byte[] END = ascii("}\n");

    private ConnectionLine()
    {
    }

    /**
     * @param line   where the line goes (appended).
     * @param record the connection.
     */
    public static void append(final JsonLineBuffer line, final ConnectionRecord record)
    {
        final Endpoint client = record.client();
        final Endpoint server = record.server();
        line.raw(TYPE).endpoint(client.hi(), client.lo(), client.port());
        line.raw(SERVER).endpoint(server.hi(), server.lo(), server.port());
        if (record.vlan() != 0)
        {
            line.raw(VLAN).number(record.vlan());
        }
        line.raw(CLIENT_STATE).string(record.clientStateName());
        line.raw(SERVER_STATE).string(record.serverStateName());
        line.raw(FIRST_SEEN).epochSeconds(record.firstSeenNanos());
        line.raw(LAST_SEEN).epochSeconds(record.lastSeenNanos());
        line.raw(HISTORY).string(record.history());
        line.raw(PARTIAL).bool(record.partial());
        line.raw(CLIENT_PACKETS).number(record.clientPackets());
        line.raw(SERVER_PACKETS).number(record.serverPackets());
        line.raw(CLIENT_BYTES).number(record.clientBytes());
        line.raw(SERVER_BYTES).number(record.serverBytes());
        line.raw(CLIENT_IP_BYTES).number(record.clientIpBytes());
        line.raw(SERVER_IP_BYTES).number(record.serverIpBytes());
        line.raw(SYN_RETRANSMITS).number(record.synRetransmits());
        line.raw(CLIENT_RETRANSMITS).number(record.clientRetransmits());
        line.raw(SERVER_RETRANSMITS).number(record.serverRetransmits());
        line.raw(CLIENT_STATE_SINCE).epochSeconds(record.clientStateSinceNanos());
        line.raw(SERVER_STATE_SINCE).epochSeconds(record.serverStateSinceNanos());
        alternatives(line.raw(CLIENT_ALTERNATIVES), record.clientCertainty());
        alternatives(line.raw(SERVER_ALTERNATIVES), record.serverCertainty());
        line.raw(CLIENT_EVIDENCE).string(record.clientCertainty().evidence());
        line.raw(SERVER_EVIDENCE).string(record.serverCertainty().evidence());
        line.raw(END);
    }

    private static void alternatives(final JsonLineBuffer line, final StateCertainty certainty)
    {
        boolean first = true;
        for (int s = 0; s < TcpState.COUNT && !certainty.decided(); s++)
        {
            if (certainty.allows(s))
            {
                if (!first)
                {
                    line.raw(',');
                }
                line.string(TcpState.name(s));
                first = false;
            }
        }
        line.raw(']');
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
