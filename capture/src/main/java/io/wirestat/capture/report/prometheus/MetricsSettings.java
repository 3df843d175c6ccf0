package io.wirestat.capture.report.prometheus;

/**
 * How an exposition is shaped, fixed for a run. Immutable.
 *
 * @param topServices    services (server {@code ip:port}) given their own CLOSE_WAIT and TIME_WAIT series, the ones
 *                       with most such connections; the rest are summed under {@code service="other"}. This is the
 *                       cardinality bound of {@code wirestat_service_connections}.
 * @param version        wirestat's version, for {@code wirestat_build_info}.
 * @param ephemeralPorts size of the ephemeral port range the TIME_WAIT detector measures against.
 */
public record MetricsSettings(int topServices, String version, int ephemeralPorts)
{
    /** Default of {@code --metrics-top-services}. */
    public static final int TOP_SERVICES_DEFAULT = 10;
    /** The most {@code --metrics-top-services} accepts: the bound stays a bound. */
    public static final int TOP_SERVICES_MAX = 1000;

    /**
     * @param topServices    see the record.
     * @param version        see the record.
     * @param ephemeralPorts see the record.
     */
    public MetricsSettings
    {
        if (topServices < 0 || topServices > TOP_SERVICES_MAX)
        {
            throw new IllegalArgumentException(
                "--metrics-top-services wants 0 to " + TOP_SERVICES_MAX + ", not " + topServices);
        }
    }
}
