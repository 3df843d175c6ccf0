package io.wirestat.tracker.detect;

/** How much an alert hurts; alerts are listed most severe first. */
public enum Severity
{
    /** Failing now or about to: port exhaustion near, a flood, a service leaking sockets in bulk. */
    CRITICAL,
    /** Stuck or broken connections worth a look. */
    WARNING,
    /** Worth knowing, not a fault (e.g. a capture that sees only one direction). */
    INFO;

    /** @return lower-case name for output ("critical"). */
    public String label()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
