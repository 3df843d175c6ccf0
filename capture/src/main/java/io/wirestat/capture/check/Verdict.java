package io.wirestat.capture.check;

/**
 * The outcome of checking (or updating) one capture. Immutable; thread safe.
 */
public enum Verdict
{
    /** The replay agrees with the expected file. */
    PASS(false),
    /** The replay differs from the expected file. */
    FAIL(true),
    /** No expected file beside the capture: listed, not replayed, not a failure. */
    NEW(false),
    /** The capture or its expected file could not be read, or its options are wrong: nothing was compared. */
    ERROR(true),
    /** {@code --update}: there was no expected file; one was written. */
    CREATED(false),
    /** {@code --update}: the expected file differed from the replay and was rewritten. */
    UPDATED(false),
    /** {@code --update}: the expected file agreed with the replay and was left untouched. */
    UNCHANGED(false);

    private final boolean failure;

    Verdict(final boolean failure)
    {
        this.failure = failure;
    }

    /** @return true if this outcome fails a check (FAIL, ERROR). */
    public boolean failure()
    {
        return failure;
    }
}
