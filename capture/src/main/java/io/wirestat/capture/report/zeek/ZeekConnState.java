package io.wirestat.capture.report.zeek;

import io.wirestat.capture.report.zeek.ZeekEndpointMachine.States;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.regex.Pattern;

/**
 * Zeek's {@code conn_state} label for a TCP connection: {@code Conn::conn_state()} of
 * {@code scripts/base/protocols/conn/main.zeek}, applied to the endpoint states that
 * {@link ZeekEndpointMachine} derives from the connection's history (see {@code ZEEK_ORACLE.md} §1.1, §1.2, §3).
 * <p>
 * Orientation: the record's client is Zeek's originator. The label is what Zeek writes when it removes the
 * connection; we have no Zeek timers, so it is the label as of the end of the capture.
 * <p>
 * Cold path; stateless and thread safe.
 */
public final class ZeekConnState
{
    /** Zeek's RSTOS0 test, matched against the whole history (Zeek's {@code pattern == string} is anchored). */
    private static final Pattern RSTOS0_HISTORY = Pattern.compile("\\^?S[^HAFGIQ]*R.*");

    private ZeekConnState()
    {
    }

    /**
     * @param record a connection (client = originator).
     * @return the conn_state label, e.g. {@code SF}.
     */
    public static String of(final ConnectionRecord record)
    {
        return label(record.history(), record.clientBytes(), record.serverBytes());
    }

    /**
     * @param history   Zeek-style history, upper case = originator.
     * @param origBytes originator payload bytes (only zero/non-zero matters: Zeek's REJ rule).
     * @param respBytes responder payload bytes.
     * @return the conn_state label.
     */
    public static String label(final String history, final long origBytes, final long respBytes)
    {
        return label(ZeekEndpointMachine.replay(history), history, origBytes, respBytes);
    }

    /**
     * {@code Conn::conn_state()} for TCP, rule by rule; the first rule that matches wins.
     *
     * @param states    the two endpoint states.
     * @param history   the history (for the RSTOS0 pattern).
     * @param origBytes originator payload bytes.
     * @param respBytes responder payload bytes.
     * @return the conn_state label.
     */
    public static String label(final States states, final String history, final long origBytes, final long respBytes)
    {
        final byte os = states.orig();
        final byte rs = states.resp();
        final boolean origInactive = os == ZeekEndpointMachine.INACTIVE || os == ZeekEndpointMachine.PARTIAL;
        final boolean respInactive = rs == ZeekEndpointMachine.INACTIVE || rs == ZeekEndpointMachine.PARTIAL;
        if (rs == ZeekEndpointMachine.RESET)
        {
            if (os == ZeekEndpointMachine.SYN_SENT || os == ZeekEndpointMachine.SYN_ACK_SENT ||
                (os == ZeekEndpointMachine.RESET && origBytes == 0 && respBytes == 0))
            {
                return "REJ";
            }
            return origInactive ? "RSTRH" : "RSTR";
        }
        if (os == ZeekEndpointMachine.RESET)
        {
            if (respInactive)
            {
                return history != null && RSTOS0_HISTORY.matcher(history).matches() ? "RSTOS0" : "OTH";
            }
            return "RSTO";
        }
        if (os == ZeekEndpointMachine.CLOSED && rs == ZeekEndpointMachine.CLOSED)
        {
            return "SF";
        }
        if (os == ZeekEndpointMachine.CLOSED)
        {
            return respInactive ? "SH" : "S2";
        }
        if (rs == ZeekEndpointMachine.CLOSED)
        {
            return origInactive ? "SHR" : "S3";
        }
        if (os == ZeekEndpointMachine.SYN_SENT && rs == ZeekEndpointMachine.INACTIVE)
        {
            return "S0";
        }
        if (os == ZeekEndpointMachine.ESTABLISHED && rs == ZeekEndpointMachine.ESTABLISHED)
        {
            return "S1";
        }
        return "OTH";
    }
}
