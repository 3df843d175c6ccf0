package io.wirestat.capture.report.prometheus;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;
import java.util.Map;

/**
 * What one exposition is made of, the same for {@code live} (a refresh) and {@code analyze} (a whole capture).
 * Immutable if the caller does not change the collections afterwards (they are not copied).
 *
 * @param connections every connection record, closed ones included.
 * @param alerts      the detectors' alerts as of {@code asOfNanos}.
 * @param counters    counters by their stable names, as the reports write them ({@code frames},
 *                    {@code tcp_segments}, {@code skipped_<reason>}, tracker counters, and live: {@code ring_overflow},
 *                    {@code pcap_received}, ...).
 * @param asOfNanos   epoch nanoseconds the states are reported at (wall clock live, the last frame offline), or
 *                    {@link Long#MIN_VALUE} when there was no frame.
 * @param inputFaults faults met in the input files ({@code analyze}), or -1 where there are no files ({@code live}).
 */
public record MetricsInput(
    List<ConnectionRecord> connections,
    List<Alert> alerts,
    Map<String, Long> counters,
    long asOfNanos,
    int inputFaults)
{
}
