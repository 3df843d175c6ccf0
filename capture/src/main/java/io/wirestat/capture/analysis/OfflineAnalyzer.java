package io.wirestat.capture.analysis;

import java.io.IOException;

/**
 * Runs capture files through the same pipeline the live path uses: file reader, decoder and filter on the
 * producer thread, the Disruptor ring, tracker shards behind it; then collects one report.
 */
public final class OfflineAnalyzer
{
    private OfflineAnalyzer()
    {
    }

    /**
     * @param options what to read and how.
     * @return the report; faults inside files are in it, not thrown.
     * @throws IOException if a file cannot be opened at all or is not a capture (usage-level error: exit 2).
     */
    public static AnalysisReport analyze(final AnalysisOptions options) throws IOException
    {
        throw new IOException("not implemented yet");
    }
}
