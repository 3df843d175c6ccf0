package io.wirestat.capture.live;

/**
 * libpcap's own counters ({@code pcap_stats}): on Linux, packets that passed the kernel filter, packets the kernel
 * dropped because the capture buffer was full, and packets the interface dropped. Immutable.
 *
 * @param received  ps_recv.
 * @param dropped   ps_drop.
 * @param ifDropped ps_ifdrop.
 */
public record PcapStats(long received, long dropped, long ifDropped)
{
    /** Before the handle could report any. */
    public static final PcapStats NONE = new PcapStats(0, 0, 0);
}
