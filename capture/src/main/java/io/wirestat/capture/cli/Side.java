package io.wirestat.capture.cli;

import java.util.Locale;

/**
 * Which endpoint of a connection a selection looks at ({@code --side}): the client (sent the first SYN), the
 * server, or either. Immutable; thread safe.
 */
public enum Side
{
    /** Either endpoint may match (the default). */
    BOTH,
    /** Only the client endpoint. */
    CLIENT,
    /** Only the server endpoint. */
    SERVER;

    /** @return true if the client endpoint is looked at. */
    public boolean client()
    {
        return this != SERVER;
    }

    /** @return true if the server endpoint is looked at. */
    public boolean server()
    {
        return this != CLIENT;
    }

    /** @return the lower-case name, as written on the command line and listed in {@code --help}. */
    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
