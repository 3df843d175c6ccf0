package io.wirestat.capture.live;

import com.sun.jna.NativeLibrary;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Points pcap4j at a libpcap that loads. pcap4j loads the library named by the system property
 * {@code org.pcap4j.core.pcapLibName} (default {@code pcap}, i.e. {@code libpcap.so}, which only the -dev package
 * installs); user machines often have only the runtime sonames. Called before the first pcap4j call.
 * Thread safe.
 */
final class PcapLibrary
{
    static final String PROPERTY = "org.pcap4j.core.pcapLibName";
    private static final String[] NAMES = {"pcap", "libpcap.so.1", "libpcap.so.0.8"};

    private static boolean configured;

    private PcapLibrary()
    {
    }

    /**
     * @throws LiveCaptureException (LIBPCAP_MISSING) if no libpcap can be loaded, saying how to install it.
     */
    static synchronized void configure() throws LiveCaptureException
    {
        if (configured)
        {
            return;
        }
        final String chosen = System.getProperty(PROPERTY);
        final String[] names = chosen == null ? NAMES : new String[] {chosen};
        UnsatisfiedLinkError last = null;
        for (final String name : names)
        {
            try
            {
                NativeLibrary.getInstance(name);
                System.setProperty(PROPERTY, name);
                configured = true;
                silenceSlf4j();
                return;
            }
            catch (final UnsatisfiedLinkError ex)
            {
                last = ex;
            }
        }
        throw missing(String.join(", ", names), last);
    }

    /**
     * pcap4j logs through SLF4J, and SLF4J 1.7 without a binding prints a three-line warning on stderr at its first
     * use. wirestat ships no binding (pcap4j's log lines are of no use to its users), so SLF4J is made to settle on
     * its no-op logger here, once, with stderr muted; this runs before any capture thread exists.
     */
    private static void silenceSlf4j()
    {
        final PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try
        {
            LoggerFactory.getILoggerFactory();
        }
        finally
        {
            System.setErr(err);
        }
    }

    /**
     * @param tried library names tried.
     * @param cause the loading error.
     * @return the exception telling how to install libpcap.
     */
    static LiveCaptureException missing(final String tried, final Throwable cause)
    {
        return new LiveCaptureException(LiveCaptureException.Kind.LIBPCAP_MISSING,
            "libpcap is missing: live capture needs it (tried " + tried + "). Install it: "
                + "'apt-get install libpcap0.8' (Debian, Ubuntu), 'dnf install libpcap' (Fedora, RHEL), "
                + "'apk add libpcap' (Alpine).", cause);
    }
}
