package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

/**
 * How alerts name where things happen, in ss's address spelling. Stateless; thread safe.
 */
final class Subjects
{
    /** Separates the two ends of a flow in a subject or sample: {@code 10.0.0.1 -> 10.0.0.2:80}. */
    static final String ARROW = " -> ";

    private Subjects()
    {
    }

    /** @return the server endpoint: {@code 10.0.0.2:80}, {@code [fd00::2]:443}. */
    static String service(final ConnectionRecord record)
    {
        return record.server().toString();
    }

    /** @return client host to service: {@code 10.0.0.1 -> 10.0.0.2:80}. */
    static String clientToService(final ConnectionRecord record)
    {
        return host(record.client()) + ARROW + record.server();
    }

    /** @return the 4-tuple as a sample: {@code 10.0.0.1:40000 -> 10.0.0.2:80}, with the VLAN when tagged. */
    static String sample(final ConnectionRecord record)
    {
        final String tuple = record.client() + ARROW + record.server();
        return record.vlan() == 0 ? tuple : tuple + " vlan " + record.vlan();
    }

    /** @return the address alone, IPv6 in brackets: {@code 10.0.0.1}, {@code [fd00::1]}. */
    static String host(final Endpoint endpoint)
    {
        return endpoint.isIpv4() ? endpoint.address() : "[" + endpoint.address() + "]";
    }
}
