package io.wirestat.capture.analysis;

import io.wirestat.tracker.TrackerConfig;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to analyse offline and how. Plain mutable settings, filled by the CLI or a test, then read once.
 */
public final class AnalysisOptions
{
    /** Capture files, read in the order given, as one continuous capture; {@code -} (at most once) is stdin. */
    public final List<Path> files = new ArrayList<>();
    /** What {@code -} reads, or null for the process's standard input (tests give their own stream). */
    public InputStream standardInput;
    /** tcpdump filter expression applied to every frame, or null for none. */
    public String filter;
    /** Tracker shards (consumer threads behind the ring buffer); a power of two. */
    public int shards = 1;
    /** Ring buffer slots; a power of two. */
    public int ringSize = 1 << 14;
    /** Where the analysis publishes how far it has got, for a progress display; null when nothing shows it. */
    public AnalysisProgress progress;
    /** Per-shard tracker settings. */
    public final TrackerConfig tracker = new TrackerConfig();
}
