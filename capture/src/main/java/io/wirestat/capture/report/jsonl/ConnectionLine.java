package io.wirestat.capture.report.jsonl;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.StateCertainty;
import io.wirestat.tracker.state.TcpState;

import java.nio.charset.StandardCharsets;

/**
 * Composes one {@code "type":"connection"} JSON line (newline included) of {@code --format jsonl} into a
 * {@link JsonLineBuffer}: the fields in the documented order ({@code docs/cli.md}), byte for byte what the
 * jackson-core generator wrote before, without a String per address, number or timestamp.
 * <p>
 * Table driven: the record's values are laid out in field order, then one loop writes each field by its kind. A
 * call per field, each inlined, made the JIT compile one ~5 KB method that took a third of a second on a
 * two-core machine, after the last packet, while the report waited; the loop is compiled small. Not thread safe:
 * one per writer.
 */
public final class ConnectionLine
{
    private static final byte ENDPOINT = 0;
    private static final byte VLAN = 1;
    private static final byte TEXT = 2;
    private static final byte SECONDS = 3;
    private static final byte FLAG = 4;
    private static final byte NUMBER = 5;
    private static final byte ALTERNATIVES = 6;

    /** Field names with their separators (the first opens the object), in the documented order. */
    private static final byte[][] NAMES = {
        ascii("{\"type\":\"connection\",\"client\":"),
        ascii(",\"server\":"),
        ascii(",\"vlan\":"),
        ascii(",\"client_state\":"),
        ascii(",\"server_state\":"),
        ascii(",\"first_seen\":"),
        ascii(",\"last_seen\":"),
        ascii(",\"history\":"),
        ascii(",\"partial\":"),
        ascii(",\"client_packets\":"),
        ascii(",\"server_packets\":"),
        ascii(",\"client_bytes\":"),
        ascii(",\"server_bytes\":"),
        ascii(",\"client_ip_bytes\":"),
        ascii(",\"server_ip_bytes\":"),
        ascii(",\"syn_retransmits\":"),
        ascii(",\"client_retransmits\":"),
        ascii(",\"server_retransmits\":"),
        ascii(",\"client_state_since\":"),
        ascii(",\"server_state_since\":"),
        ascii(",\"client_state_alternatives\":["),
        ascii(",\"server_state_alternatives\":["),
        ascii(",\"client_state_evidence\":"),
        ascii(",\"server_state_evidence\":"),
    };
    private static final byte[] KINDS = {
        ENDPOINT, ENDPOINT, VLAN, TEXT, TEXT, SECONDS, SECONDS, TEXT, FLAG,
        NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER,
        SECONDS, SECONDS, ALTERNATIVES, ALTERNATIVES, TEXT, TEXT,
    };
    private static final int FIELDS = KINDS.length;
    private static final byte[] END = ascii("}\n");

    /** Per field: its number (NUMBER, SECONDS, VLAN, FLAG as 0/1), text, endpoint or certainty. */
    private final long[] numbers = new long[FIELDS];
    private final Object[] values = new Object[FIELDS];

    /**
     * @param line   where the line goes (appended).
     * @param record the connection.
     */
    public void append(final JsonLineBuffer line, final ConnectionRecord record)
    {
        layOut(record);
        for (int f = 0; f < FIELDS; f++)
        {
            final byte kind = KINDS[f];
            if (kind == VLAN && numbers[f] == 0)
            {
                continue; // untagged: no vlan field at all
            }
            line.raw(NAMES[f]);
            switch (kind)
            {
                case ENDPOINT ->
                {
                    final Endpoint e = (Endpoint)values[f];
                    line.endpoint(e.hi(), e.lo(), e.port());
                }
                case TEXT -> line.string((String)values[f]);
                case SECONDS -> line.epochSeconds(numbers[f]);
                case FLAG -> line.bool(numbers[f] != 0);
                case ALTERNATIVES -> alternatives(line, (StateCertainty)values[f]);
                default -> line.number(numbers[f]); // NUMBER, VLAN
            }
        }
        line.raw(END);
    }

    private void layOut(final ConnectionRecord record)
    {
        final long[] n = numbers;
        final Object[] v = values;
        v[0] = record.client();
        v[1] = record.server();
        n[2] = record.vlan();
        v[3] = record.clientStateName();
        v[4] = record.serverStateName();
        n[5] = record.firstSeenNanos();
        n[6] = record.lastSeenNanos();
        v[7] = record.history();
        n[8] = record.partial() ? 1 : 0;
        n[9] = record.clientPackets();
        n[10] = record.serverPackets();
        n[11] = record.clientBytes();
        n[12] = record.serverBytes();
        n[13] = record.clientIpBytes();
        n[14] = record.serverIpBytes();
        n[15] = record.synRetransmits();
        n[16] = record.clientRetransmits();
        n[17] = record.serverRetransmits();
        n[18] = record.clientStateSinceNanos();
        n[19] = record.serverStateSinceNanos();
        v[20] = record.clientCertainty();
        v[21] = record.serverCertainty();
        v[22] = record.clientCertainty().evidence();
        v[23] = record.serverCertainty().evidence();
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
