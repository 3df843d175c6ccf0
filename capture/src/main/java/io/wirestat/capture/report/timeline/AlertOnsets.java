package io.wirestat.capture.report.timeline;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.AlertKind;
import io.wirestat.tracker.detect.DetectorConfig;

/**
 * When an alert first fired, on packet time: its oldest evidence plus the patience its kind waits for before it
 * speaks ({@code --close-wait-after}, {@code --fin-wait-2-after}, {@code --syn-timeout}, ...), never after the time it
 * was evaluated at. Kinds without a patience (resets, pile-ups, floods, reuse, one-directional) fire with their
 * evidence. Cold path.
 */
public final class AlertOnsets
{
    private AlertOnsets()
    {
    }

    /**
     * @param alert  as the detectors made it.
     * @param config the thresholds they used.
     * @return packet nanoseconds at which it first fired.
     */
    public static long firedAt(final Alert alert, final DetectorConfig config)
    {
        final long patience = switch (alert.kind())
        {
            case AlertKind.STUCK_CLOSE_WAIT -> config.closeWaitAfterNanos();
            case AlertKind.STUCK_FIN_WAIT_2 -> config.finWait2AfterNanos();
            case AlertKind.SYN_UNANSWERED -> config.synTimeoutNanos();
            case AlertKind.SYN_RECV_STUCK -> config.synRecvTimeoutNanos();
            case AlertKind.PEER_GONE -> config.peerGoneAfterNanos();
            default -> 0;
        };
        return Math.min(alert.asOfNanos(), alert.sinceNanos() + patience);
    }
}
