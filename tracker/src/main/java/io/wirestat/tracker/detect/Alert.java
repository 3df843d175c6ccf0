package io.wirestat.tracker.detect;

import java.util.List;
import java.util.Map;

/**
 * One finding of a detector, in report form (cold path): what is wrong, where, since when, how many connections
 * show it, and the evidence.
 *
 * @param kind       stable snake_case name (e.g. {@code stuck_close_wait}); documented in the README, used by
 *                   {@code --fail-on} and in expected files.
 * @param severity   how much it hurts.
 * @param subject    where: the stuck endpoint ({@code 10.0.0.2:8080}), or a flow of connections
 *                   ({@code 10.0.0.1 -> 10.0.0.2:80}), in ss's address spelling.
 * @param count      connections that show it.
 * @param sinceNanos packet time of the oldest evidence (e.g. when the oldest connection entered CLOSE_WAIT).
 * @param asOfNanos  packet (or, live, wall-clock) time the alert was evaluated at; age = asOf - since.
 * @param evidence   further figures by name (peak, rate, sources, ...), numbers or strings, in a stable order.
 * @param samples    a few of the connections concerned, as {@code client -> server}.
 * @param message    one sentence for people: what it means and what to do.
 */
public record Alert(
    String kind,
    Severity severity,
    String subject,
    long count,
    long sinceNanos,
    long asOfNanos,
    Map<String, Object> evidence,
    List<String> samples,
    String message)
{
    /** @return how long the oldest evidence has lasted, in nanoseconds. */
    public long ageNanos()
    {
        return asOfNanos - sinceNanos;
    }
}
