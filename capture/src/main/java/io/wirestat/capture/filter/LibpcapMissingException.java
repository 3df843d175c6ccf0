package io.wirestat.capture.filter;

/**
 * libpcap, which compiles filter expressions, could not be loaded. The message says how to install it.
 * <p>
 * Threading: immutable.
 */
public final class LibpcapMissingException extends FilterException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was tried and how to install libpcap.
     * @param cause   the last loading error.
     */
    public LibpcapMissingException(final String message, final Throwable cause)
    {
        super(message, null, NO_LINK_TYPE, null, cause);
    }
}
