package io.wirestat.capture.live;

/**
 * An endpoint holding many connections in one state (CLOSE_WAIT, TIME_WAIT), with the process that owns those
 * sockets when this host has them: "which process leaks CLOSE_WAIT", answered. Immutable.
 *
 * @param endpoint the endpoint ({@code 10.0.0.2:8080}), or the address alone ({@code 10.0.0.1}) for client sides,
 *                 whose ports all differ.
 * @param state    the state, netstat spelling.
 * @param count    connections of that endpoint in that state.
 * @param owner    {@code pid/comm} of the sockets' owner, or {@code -} when not a local socket or not known.
 * @param kernelAgrees connections for which this host's kernel shows the same state (0 when not local).
 */
public record Hotspot(String endpoint, String state, long count, String owner, long kernelAgrees)
{
}
