package io.wirestat.capture.filter;

/**
 * A packet filter could not be made: libpcap is missing, or it refused the expression. The message is meant for
 * the user as is (the CLI prints it and exits with status 2); it includes libpcap's own words when there are any.
 * <p>
 * Threading: immutable.
 */
public class FilterException extends IllegalArgumentException
{
    /** Value of {@link #linkType()} when no link type is involved. */
    public static final int NO_LINK_TYPE = -1;

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int linkType;
    private final String libpcapMessage;

    /**
     * @param message        full message for the user.
     * @param expression     the filter expression, or null.
     * @param linkType       LINKTYPE_* the expression was compiled for, or {@link #NO_LINK_TYPE}.
     * @param libpcapMessage what {@code pcap_geterr} said, or null.
     * @param cause          underlying error, or null.
     */
    public FilterException(
        final String message,
        final String expression,
        final int linkType,
        final String libpcapMessage,
        final Throwable cause)
    {
        super(message, cause);
        this.expression = expression;
        this.linkType = linkType;
        this.libpcapMessage = libpcapMessage;
    }

    /**
     * @return the filter expression, or null if none was involved.
     */
    public String expression()
    {
        return expression;
    }

    /**
     * @return the LINKTYPE_* the expression was compiled for, or {@link #NO_LINK_TYPE}.
     */
    public int linkType()
    {
        return linkType;
    }

    /**
     * @return libpcap's own error text ({@code pcap_geterr}), or null when libpcap said nothing.
     */
    public String libpcapMessage()
    {
        return libpcapMessage;
    }
}
