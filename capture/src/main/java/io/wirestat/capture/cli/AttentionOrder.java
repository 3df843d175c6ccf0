package io.wirestat.capture.cli;

import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.util.Comparator;

/**
 * The connection table's default order: the connections the alerts point at first, then the rest in capture order.
 * A connection is pointed at when an endpoint has been, as of the report's time, at least the detector's threshold
 * in a state that should not last: CLOSE_WAIT ({@code --close-wait-after}) or FIN_WAIT_2
 * ({@code --fin-wait-2-after}), the two ends of a leak; LAST_ACK (also {@code --fin-wait-2-after}: a final ACK that
 * long overdue is lost); SYN_SENT ({@code --syn-timeout}) or SYN_RECV ({@code --syn-recv-timeout}), half-open. They
 * come in that order of classes, the oldest first within each, so the first rows of a long table are the oldest
 * stuck sockets. Immutable; thread safe.
 */
final class AttentionOrder
{
    /** Not pointed at. */
    static final int NONE = Integer.MAX_VALUE;
    private static final int LEAK = 0;
    private static final int LAST_ACK = 1;
    private static final int HALF_OPEN = 2;

    private final DetectorConfig config;
    private final long asOfNanos;

    /**
     * @param config    the detectors' thresholds.
     * @param asOfNanos the report's time.
     */
    AttentionOrder(final DetectorConfig config, final long asOfNanos)
    {
        this.config = config;
        this.asOfNanos = asOfNanos;
    }

    /**
     * @param record a connection.
     * @return its class (leak, LAST_ACK, half-open: 0, 1, 2), or {@link #NONE} if no alert points at it.
     */
    int rank(final ConnectionRecord record)
    {
        return Math.min(rank(record.clientState(), record.clientStateSinceNanos()),
            rank(record.serverState(), record.serverStateSinceNanos()));
    }

    /** @return true if an alert points at the connection. */
    boolean flagged(final ConnectionRecord record)
    {
        return rank(record) != NONE;
    }

    /** @return the order of flagged connections: by class, then the oldest stuck endpoint first, then capture order. */
    Comparator<ConnectionRecord> flaggedOrder()
    {
        return Comparator.<ConnectionRecord>comparingInt(this::rank)
            .thenComparingLong(this::stuckSince)
            .thenComparing(ConnectionRecord.FIRST_SEEN_ORDER);
    }

    /** @return when the connection's endpoint of its class entered its state (the older one if both are). */
    private long stuckSince(final ConnectionRecord record)
    {
        final int rank = rank(record);
        long since = Long.MAX_VALUE;
        if (rank(record.clientState(), record.clientStateSinceNanos()) == rank)
        {
            since = record.clientStateSinceNanos();
        }
        if (rank(record.serverState(), record.serverStateSinceNanos()) == rank)
        {
            since = Math.min(since, record.serverStateSinceNanos());
        }
        return since;
    }

    private int rank(final byte state, final long sinceNanos)
    {
        final long age = asOfNanos - sinceNanos;
        switch (state)
        {
            case TcpState.CLOSE_WAIT:
                return age >= config.closeWaitAfterNanos() ? LEAK : NONE;
            case TcpState.FIN_WAIT_2:
                return age >= config.finWait2AfterNanos() ? LEAK : NONE;
            case TcpState.LAST_ACK:
                return age >= config.finWait2AfterNanos() ? LAST_ACK : NONE;
            case TcpState.SYN_SENT:
                return age >= config.synTimeoutNanos() ? HALF_OPEN : NONE;
            case TcpState.SYN_RECV:
                return age >= config.synRecvTimeoutNanos() ? HALF_OPEN : NONE;
            default:
                return NONE;
        }
    }
}
