package io.wirestat.capture.cli;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import picocli.CommandLine;

import java.util.Locale;

/**
 * What {@code --group-by} groups connections by, the fields one cuts out of {@code netstat -nat} before
 * {@code sort | uniq -c}: {@code service} (the server's address and port), {@code server} (its address),
 * {@code client} (the client's address: its ephemeral ports name nothing), {@code client-net/NN} (the client's
 * network, the address cut to NN bits: IPv4 to min(NN, 32), IPv6 to NN), {@code port} (the server's port).
 * A group is named by an {@link Endpoint} (address and port, either zeroed when not part of the key), which also
 * orders groups numerically. Immutable; thread safe.
 */
public final class GroupKey
{
    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;

    /** The kinds of key. */
    enum Kind
    {
        SERVICE, SERVER, CLIENT, CLIENT_NET, PORT
    }

    private final Kind kind;
    private final int prefixBits;

    private GroupKey(final Kind kind, final int prefixBits)
    {
        this.kind = kind;
        this.prefixBits = prefixBits;
    }

    /**
     * @param text {@code service}, {@code server}, {@code client}, {@code client-net/NN} or {@code port}.
     * @return the key.
     * @throws IllegalArgumentException naming what was expected.
     */
    public static GroupKey parse(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (t)
        {
            case "service":
                return new GroupKey(Kind.SERVICE, 0);
            case "server":
                return new GroupKey(Kind.SERVER, 0);
            case "client":
                return new GroupKey(Kind.CLIENT, 0);
            case "port":
                return new GroupKey(Kind.PORT, 0);
            default:
                break;
        }
        if (t.matches("client-net/\\d{1,3}"))
        {
            final int bits = Integer.parseInt(t.substring(t.indexOf('/') + 1));
            if (bits <= IPV6_BITS)
            {
                return new GroupKey(Kind.CLIENT_NET, bits);
            }
        }
        throw new IllegalArgumentException("unknown --group-by key: '" + text
            + "' (expected service, server, client, client-net/NN with NN from 0 to 128, or port)");
    }

    /** @return the key as written on the command line ({@code client-net/24}). */
    @Override
    public String toString()
    {
        return kind == Kind.CLIENT_NET ? "client-net/" + prefixBits : kind.name().toLowerCase(Locale.ROOT);
    }

    /** @return the table's heading for the key column. */
    String heading()
    {
        switch (kind)
        {
            case SERVICE:
                return "Service";
            case SERVER:
                return "Server";
            case CLIENT:
                return "Client";
            case CLIENT_NET:
                return "Client-Net";
            default:
                return "Port";
        }
    }

    /**
     * @param record a connection.
     * @return the group it belongs to, as an endpoint: the parts outside the key are zero.
     */
    Endpoint of(final ConnectionRecord record)
    {
        switch (kind)
        {
            case SERVICE:
                return record.server();
            case SERVER:
                return new Endpoint(record.server().hi(), record.server().lo(), 0);
            case CLIENT:
                return new Endpoint(record.client().hi(), record.client().lo(), 0);
            case CLIENT_NET:
                return network(record.client());
            default:
                return new Endpoint(0, 0, record.server().port());
        }
    }

    /**
     * @param group a group, as {@link #of} returns it.
     * @return its name: {@code 10.0.0.2:8080}, {@code 10.0.0.2}, {@code 10.1.2.0/24}, {@code [fd00::]/64}... as
     *         ss writes addresses; a port alone for {@code port}.
     */
    String label(final Endpoint group)
    {
        switch (kind)
        {
            case SERVICE:
                return group.toString();
            case SERVER:
            case CLIENT:
                return group.address();
            case CLIENT_NET:
                return group.address() + "/" + (group.isIpv4() ? Math.min(prefixBits, IPV4_BITS) : prefixBits);
            default:
                return Integer.toString(group.port());
        }
    }

    private Endpoint network(final Endpoint client)
    {
        if (client.isIpv4())
        {
            final int bits = Math.min(prefixBits, IPV4_BITS);
            final long hostMask = bits == IPV4_BITS ? 0 : (1L << (IPV4_BITS - bits)) - 1;
            return new Endpoint(client.hi(), client.lo() & ~hostMask, 0);
        }
        final long hiMask = prefixBits >= 64 ? -1L : prefixBits == 0 ? 0 : -1L << (64 - prefixBits);
        final long loMask = prefixBits <= 64 ? 0 : prefixBits == IPV6_BITS ? -1L : -1L << (IPV6_BITS - prefixBits);
        return new Endpoint(client.hi() & hiMask, client.lo() & loMask, 0);
    }

    /** Converts {@code --group-by} values; a bad one is a usage error. Stateless; thread safe. */
    public static final class Converter implements CommandLine.ITypeConverter<GroupKey>
    {
        @Override
        public GroupKey convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }
}
