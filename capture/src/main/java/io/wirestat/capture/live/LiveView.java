package io.wirestat.capture.live;

/**
 * How the live view shows each refresh: a refreshing screen on a terminal, one plain line per interval when
 * stdout is not a terminal, JSON Lines for machines. Called from the refresh thread only; not thread safe.
 */
public interface LiveView
{
    /**
     * @param refresh what to show.
     */
    void show(LiveRefresh refresh);

    /** @return true once the view's output can no longer be written (its reader went away: EPIPE). */
    default boolean broken()
    {
        return false;
    }
}
