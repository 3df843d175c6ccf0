/*
 * pcap_count: the floor for anything built on libpcap. Opens a capture with pcap_open_offline, walks it with
 * pcap_next_ex, counts packets (and captured bytes, so the loop cannot be optimised away) and prints
 *   packets=<n> bytes=<n> seconds=<s> packets_per_second=<n>
 * timed with CLOCK_MONOTONIC around the open + read loop.
 *
 * Build: gcc -O2 -o bench/out/pcap_count bench/c/pcap_count.c -lpcap   (needs libpcap0.8-dev)
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2)
    {
        fprintf(stderr, "usage: %s FILE.pcap\n", argv[0]);
        return 2;
    }
    char errbuf[PCAP_ERRBUF_SIZE];
    const double start = now_seconds();
    pcap_t *p = pcap_open_offline(argv[1], errbuf);
    if (p == NULL)
    {
        fprintf(stderr, "pcap_count: %s\n", errbuf);
        return 2;
    }
    struct pcap_pkthdr *hdr;
    const u_char *data;
    uint64_t packets = 0;
    uint64_t bytes = 0;
    int rc;
    while ((rc = pcap_next_ex(p, &hdr, &data)) == 1)
    {
        packets++;
        bytes += hdr->caplen;
    }
    const double elapsed = now_seconds() - start;
    if (rc == PCAP_ERROR)
    {
        fprintf(stderr, "pcap_count: after %llu packets: %s\n", (unsigned long long)packets, pcap_geterr(p));
        pcap_close(p);
        return 1;
    }
    pcap_close(p);
    printf("packets=%llu bytes=%llu seconds=%.6f packets_per_second=%.0f\n",
        (unsigned long long)packets, (unsigned long long)bytes, elapsed,
        elapsed > 0 ? (double)packets / elapsed : 0.0);
    return 0;
}
