/**
 * Deterministic generator of large, realistic classic pcap captures (a busy server's view of many TCP
 * connections), with the ground truth of every endpoint's final state for cross-checking the tracker.
 */
package io.wirestat.bench.gen;
