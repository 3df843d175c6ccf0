package io.wirestat.tracker.detect;

import io.wirestat.tracker.state.StateCertainty;
import io.wirestat.tracker.state.TcpState;

import java.util.Map;
import java.util.TreeMap;

/**
 * Collects, over one alert's connections, the endpoints whose state the wire leaves uncertain, so the alert's
 * message can name the alternative (the same evidence the jsonl lines carry). Not thread safe; one per group.
 */
final class Uncertainty
{
    private final Map<String, Long> readings = new TreeMap<>();

    /** Notes an endpoint (only if its state is uncertain). */
    void add(final EndpointView view)
    {
        final StateCertainty c = view.certainty();
        if (!c.decided())
        {
            final String reading = TcpState.name(view.state()) + ", possibly " +
                String.join(" or ", c.alternativeNames()) + " (" + c.evidence() + ")";
            readings.merge(reading, 1L, Long::sum);
        }
    }

    /** @return endpoints noted as uncertain. */
    long count()
    {
        long n = 0;
        for (final long v : readings.values())
        {
            n += v;
        }
        return n;
    }

    /**
     * @return a sentence naming the alternatives, with a leading space; empty when every state was decided.
     */
    String sentence()
    {
        if (readings.isEmpty())
        {
            return "";
        }
        final long n = count();
        final StringBuilder sb = new StringBuilder(" The wire leaves ").append(n).append(" endpoint state")
            .append(n == 1 ? "" : "s").append(" open: ");
        boolean first = true;
        for (final Map.Entry<String, Long> e : readings.entrySet())
        {
            sb.append(first ? "" : "; ").append(e.getKey());
            if (readings.size() > 1)
            {
                sb.append(" (").append(e.getValue()).append(')');
            }
            first = false;
        }
        return sb.append('.').toString();
    }
}
