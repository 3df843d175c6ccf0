package io.wirestat.capture.live;

/**
 * A live capture could not start; the message says what to do about it (grant a capability, pick an interface,
 * install libpcap). Immutable.
 */
public final class LiveCaptureException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** Why the capture could not start. */
    public enum Kind
    {
        /** No CAP_NET_RAW (or not root). */
        PERMISSION,
        /** The interface does not exist. */
        NO_SUCH_INTERFACE,
        /** libpcap cannot be loaded. */
        LIBPCAP_MISSING,
        /** The filter expression does not compile. */
        BAD_FILTER,
        /** The output file cannot be written. */
        OUTPUT,
        /** Anything else libpcap refused. */
        OTHER
    }

    private final Kind kind;

    /**
     * @param kind    why.
     * @param message what to tell the user, with what to do.
     * @param cause   the underlying error, or null.
     */
    public LiveCaptureException(final Kind kind, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
    }

    /** @return why the capture could not start. */
    public Kind kind()
    {
        return kind;
    }
}
