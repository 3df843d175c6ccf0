package io.wirestat.tracker.detect;

import io.wirestat.tracker.TrackerConfig;

import java.util.concurrent.TimeUnit;

/**
 * Thresholds of the detectors, each with a {@code *_DEFAULT} constant saying what it is and why. Mutable while being
 * built (fluent setters that reject nonsense), then handed to {@link Detectors#run}; do not change it afterwards.
 * Not thread safe while being built; safe to share once built.
 */
public final class DetectorConfig
{
    /** 2·MSL, as the tracker uses it: how long a TIME_WAIT interval lasts in the pile-up sweep. */
    public static final long TIME_WAIT_DEFAULT_NS = TrackerConfig.TIME_WAIT_DEFAULT_NS;

    /**
     * CLOSE_WAIT longer than this, with the endpoint silent as long, is a leak: the application got the peer's FIN
     * (read returned 0) and never called close(). 60 s: far beyond any request that legitimately finishes writing
     * after the peer's shutdown, and as long as Linux lets the mirror FIN_WAIT_2 live.
     */
    public static final long CLOSE_WAIT_AFTER_DEFAULT_NS = TimeUnit.SECONDS.toNanos(60);

    /** Stuck CLOSE_WAIT connections on one endpoint from which the alert is critical: a leak in bulk. */
    public static final int CLOSE_WAIT_CRITICAL_COUNT_DEFAULT = 100;

    /** FIN_WAIT_2 longer than this is stuck: Linux's {@code net.ipv4.tcp_fin_timeout} (60 s) for orphans. */
    public static final long FIN_WAIT_2_AFTER_DEFAULT_NS = TimeUnit.SECONDS.toNanos(60);

    /**
     * FIN retransmissions in LAST_ACK from which the final ACK is called lost: one retransmission is ordinary loss,
     * two in a row are a pattern.
     */
    public static final int LAST_ACK_RETRANSMITS_DEFAULT = 2;

    /** Lowest ephemeral port: Linux's {@code net.ipv4.ip_local_port_range} default is 32768-60999. */
    public static final int PORT_RANGE_LOW_DEFAULT = 32768;

    /** Highest ephemeral port: Linux's {@code net.ipv4.ip_local_port_range} default is 32768-60999. */
    public static final int PORT_RANGE_HIGH_DEFAULT = 60999;

    /** Peak TIME_WAIT per destination, in percent of the port range, from which a pile-up is a warning. */
    public static final int TIME_WAIT_WARNING_PERCENT_DEFAULT = 50;

    /** Peak TIME_WAIT per destination, in percent of the port range, from which a pile-up is critical. */
    public static final int TIME_WAIT_CRITICAL_PERCENT_DEFAULT = 80;

    /**
     * Peak TIME_WAIT per destination below which nothing is a pile-up whatever the port range: a busy client
     * ordinarily holds dozens (short connections, 60 s each); only narrow port ranges make this floor matter.
     */
    public static final int TIME_WAIT_FLOOR_DEFAULT = 100;

    /** A SYN unanswered for longer than this is lost: Linux's initial RTO is 1 s, so 3 s means two retries. */
    public static final long SYN_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(3);

    /** A SYN-ACK unacknowledged for longer than this is stuck (Linux retransmits it at 1 s, 3 s, 7 s, ...). */
    public static final long SYN_RECV_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(3);

    /** Half-open connections to one service from which a SYN flood is called (with enough distinct sources). */
    public static final int SYN_FLOOD_COUNT_DEFAULT = 100;

    /** Distinct source addresses from which many half-open connections are a flood, not one misbehaving client. */
    public static final int SYN_FLOOD_SOURCES_DEFAULT = 20;

    /**
     * A handshake counts towards a flood once it is this old: a busy server has many handshakes in flight at any
     * instant, each for about a round trip; one pending past Linux's initial RTO (1 s) has lost something.
     */
    public static final long SYN_FLOOD_AGE_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);

    /** Silence of the peer, while the other side probes, after which the peer is called gone. */
    public static final long PEER_GONE_AFTER_DEFAULT_NS = TimeUnit.SECONDS.toNanos(30);

    /** Unanswered retransmissions or keep-alives from which a silent peer is called gone. */
    public static final int PEER_GONE_PROBES_DEFAULT = 3;

    /** Sample connections an alert lists. */
    public static final int SAMPLES_DEFAULT = 3;

    private long timeWaitNanos = TIME_WAIT_DEFAULT_NS;
    private long closeWaitAfterNanos = CLOSE_WAIT_AFTER_DEFAULT_NS;
    private int closeWaitCriticalCount = CLOSE_WAIT_CRITICAL_COUNT_DEFAULT;
    private long finWait2AfterNanos = FIN_WAIT_2_AFTER_DEFAULT_NS;
    private int lastAckRetransmits = LAST_ACK_RETRANSMITS_DEFAULT;
    private int portRangeLow = PORT_RANGE_LOW_DEFAULT;
    private int portRangeHigh = PORT_RANGE_HIGH_DEFAULT;
    private int timeWaitWarningPercent = TIME_WAIT_WARNING_PERCENT_DEFAULT;
    private int timeWaitCriticalPercent = TIME_WAIT_CRITICAL_PERCENT_DEFAULT;
    private int timeWaitFloor = TIME_WAIT_FLOOR_DEFAULT;
    private long synTimeoutNanos = SYN_TIMEOUT_DEFAULT_NS;
    private long synRecvTimeoutNanos = SYN_RECV_TIMEOUT_DEFAULT_NS;
    private int synFloodCount = SYN_FLOOD_COUNT_DEFAULT;
    private int synFloodSources = SYN_FLOOD_SOURCES_DEFAULT;
    private long synFloodAgeNanos = SYN_FLOOD_AGE_DEFAULT_NS;
    private long peerGoneAfterNanos = PEER_GONE_AFTER_DEFAULT_NS;
    private int peerGoneProbes = PEER_GONE_PROBES_DEFAULT;
    private int samples = SAMPLES_DEFAULT;

    /** @return 2·MSL used by the TIME_WAIT sweep. */
    public long timeWaitNanos()
    {
        return timeWaitNanos;
    }

    /**
     * @param nanos 2·MSL, the same as the tracker's ({@code --time-wait}).
     * @return this.
     */
    public DetectorConfig timeWaitNanos(final long nanos)
    {
        this.timeWaitNanos = nonNegative(nanos, "timeWaitNanos");
        return this;
    }

    /** @return CLOSE_WAIT age (and silence) from which it is a leak. */
    public long closeWaitAfterNanos()
    {
        return closeWaitAfterNanos;
    }

    /**
     * @param nanos CLOSE_WAIT age (and silence) from which it is a leak.
     * @return this.
     */
    public DetectorConfig closeWaitAfterNanos(final long nanos)
    {
        this.closeWaitAfterNanos = nonNegative(nanos, "closeWaitAfterNanos");
        return this;
    }

    /** @return stuck CLOSE_WAIT count on one endpoint from which the alert is critical. */
    public int closeWaitCriticalCount()
    {
        return closeWaitCriticalCount;
    }

    /**
     * @param count stuck CLOSE_WAIT count on one endpoint from which the alert is critical.
     * @return this.
     */
    public DetectorConfig closeWaitCriticalCount(final int count)
    {
        this.closeWaitCriticalCount = positive(count, "closeWaitCriticalCount");
        return this;
    }

    /** @return FIN_WAIT_2 age from which it is stuck. */
    public long finWait2AfterNanos()
    {
        return finWait2AfterNanos;
    }

    /**
     * @param nanos FIN_WAIT_2 age from which it is stuck.
     * @return this.
     */
    public DetectorConfig finWait2AfterNanos(final long nanos)
    {
        this.finWait2AfterNanos = nonNegative(nanos, "finWait2AfterNanos");
        return this;
    }

    /** @return FIN retransmissions in LAST_ACK from which the final ACK is called lost. */
    public int lastAckRetransmits()
    {
        return lastAckRetransmits;
    }

    /**
     * @param count FIN retransmissions in LAST_ACK from which the final ACK is called lost.
     * @return this.
     */
    public DetectorConfig lastAckRetransmits(final int count)
    {
        this.lastAckRetransmits = positive(count, "lastAckRetransmits");
        return this;
    }

    /** @return lowest ephemeral port of the clients. */
    public int portRangeLow()
    {
        return portRangeLow;
    }

    /** @return highest ephemeral port of the clients. */
    public int portRangeHigh()
    {
        return portRangeHigh;
    }

    /** @return ephemeral ports available per destination: high - low + 1. */
    public int portRangeSize()
    {
        return portRangeHigh - portRangeLow + 1;
    }

    /**
     * @param low  lowest ephemeral port (Linux {@code ip_local_port_range}, first number).
     * @param high highest ephemeral port, at least {@code low}.
     * @return this.
     */
    public DetectorConfig portRange(final int low, final int high)
    {
        if (low < 1 || high > 65_535 || high < low)
        {
            throw new IllegalArgumentException("port range must be 1 <= low <= high <= 65535, low=" + low +
                " high=" + high);
        }
        this.portRangeLow = low;
        this.portRangeHigh = high;
        return this;
    }

    /** @return peak TIME_WAIT in percent of the port range from which a pile-up is a warning. */
    public int timeWaitWarningPercent()
    {
        return timeWaitWarningPercent;
    }

    /** @return peak TIME_WAIT in percent of the port range from which a pile-up is critical. */
    public int timeWaitCriticalPercent()
    {
        return timeWaitCriticalPercent;
    }

    /**
     * @param warning  percent of the port range from which a pile-up is a warning, 1..100.
     * @param critical percent from which it is critical, warning..100.
     * @return this.
     */
    public DetectorConfig timeWaitPercents(final int warning, final int critical)
    {
        if (warning < 1 || critical > 100 || critical < warning)
        {
            throw new IllegalArgumentException("TIME_WAIT percents must be 1 <= warning <= critical <= 100, warning=" +
                warning + " critical=" + critical);
        }
        this.timeWaitWarningPercent = warning;
        this.timeWaitCriticalPercent = critical;
        return this;
    }

    /** @return peak TIME_WAIT per destination below which nothing is a pile-up. */
    public int timeWaitFloor()
    {
        return timeWaitFloor;
    }

    /**
     * @param floor peak TIME_WAIT per destination below which nothing is a pile-up.
     * @return this.
     */
    public DetectorConfig timeWaitFloor(final int floor)
    {
        this.timeWaitFloor = positive(floor, "timeWaitFloor");
        return this;
    }

    /** @return how long a SYN may go unanswered before it is lost. */
    public long synTimeoutNanos()
    {
        return synTimeoutNanos;
    }

    /**
     * @param nanos how long a SYN may go unanswered before it is lost.
     * @return this.
     */
    public DetectorConfig synTimeoutNanos(final long nanos)
    {
        this.synTimeoutNanos = nonNegative(nanos, "synTimeoutNanos");
        return this;
    }

    /** @return how long a SYN-ACK may go unacknowledged before SYN_RECV is stuck. */
    public long synRecvTimeoutNanos()
    {
        return synRecvTimeoutNanos;
    }

    /**
     * @param nanos how long a SYN-ACK may go unacknowledged before SYN_RECV is stuck.
     * @return this.
     */
    public DetectorConfig synRecvTimeoutNanos(final long nanos)
    {
        this.synRecvTimeoutNanos = nonNegative(nanos, "synRecvTimeoutNanos");
        return this;
    }

    /** @return half-open connections to one service from which it is a flood. */
    public int synFloodCount()
    {
        return synFloodCount;
    }

    /**
     * @param count half-open connections to one service from which it is a flood.
     * @return this.
     */
    public DetectorConfig synFloodCount(final int count)
    {
        this.synFloodCount = positive(count, "synFloodCount");
        return this;
    }

    /** @return distinct sources from which many half-open connections are a flood. */
    public int synFloodSources()
    {
        return synFloodSources;
    }

    /**
     * @param sources distinct sources from which many half-open connections are a flood.
     * @return this.
     */
    public DetectorConfig synFloodSources(final int sources)
    {
        this.synFloodSources = positive(sources, "synFloodSources");
        return this;
    }

    /** @return age from which a pending handshake counts towards a flood. */
    public long synFloodAgeNanos()
    {
        return synFloodAgeNanos;
    }

    /**
     * @param nanos age from which a pending handshake counts towards a flood.
     * @return this.
     */
    public DetectorConfig synFloodAgeNanos(final long nanos)
    {
        this.synFloodAgeNanos = nonNegative(nanos, "synFloodAgeNanos");
        return this;
    }

    /** @return silence of the probed peer after which it is gone. */
    public long peerGoneAfterNanos()
    {
        return peerGoneAfterNanos;
    }

    /**
     * @param nanos silence of the probed peer after which it is gone.
     * @return this.
     */
    public DetectorConfig peerGoneAfterNanos(final long nanos)
    {
        this.peerGoneAfterNanos = nonNegative(nanos, "peerGoneAfterNanos");
        return this;
    }

    /** @return unanswered probes from which a silent peer is gone. */
    public int peerGoneProbes()
    {
        return peerGoneProbes;
    }

    /**
     * @param probes unanswered retransmissions or keep-alives from which a silent peer is gone.
     * @return this.
     */
    public DetectorConfig peerGoneProbes(final int probes)
    {
        this.peerGoneProbes = positive(probes, "peerGoneProbes");
        return this;
    }

    /** @return sample connections listed per alert. */
    public int samples()
    {
        return samples;
    }

    /**
     * @param samples sample connections listed per alert (0 for none).
     * @return this.
     */
    public DetectorConfig samples(final int samples)
    {
        if (samples < 0)
        {
            throw new IllegalArgumentException("samples must be >= 0, samples=" + samples);
        }
        this.samples = samples;
        return this;
    }

    private static long nonNegative(final long nanos, final String name)
    {
        if (nanos < 0)
        {
            throw new IllegalArgumentException(name + " must be >= 0, " + name + "=" + nanos);
        }
        return nanos;
    }

    private static int positive(final int value, final String name)
    {
        if (value < 1)
        {
            throw new IllegalArgumentException(name + " must be >= 1, " + name + "=" + value);
        }
        return value;
    }
}
