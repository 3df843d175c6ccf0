package io.wirestat.capture.pipeline;

import io.wirestat.tracker.TcpTracker;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The snapshot requests in flight, by id: ring slots hold only primitives, so a control event carries the id and the
 * shard looks the request up here. Thread safe: registered by the producer, answered by the shards.
 */
final class SnapshotRequests
{
    private final ConcurrentHashMap<Long, SnapshotRequest> inFlight = new ConcurrentHashMap<>();

    void register(final SnapshotRequest request)
    {
        inFlight.put(request.id(), request);
    }

    void answer(final long id, final TcpTracker tracker)
    {
        final SnapshotRequest request = inFlight.get(id);
        if (request != null && request.answer(tracker))
        {
            inFlight.remove(id);
        }
    }
}
