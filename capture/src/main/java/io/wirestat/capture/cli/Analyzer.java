package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;

import java.io.IOException;

/**
 * Where {@link AnalyzeCommand} gets its report: {@code OfflineAnalyzer::analyze} in production, a stub returning a
 * hand-built report in tests, so rendering and exit codes are tested without the pipeline. Called once per command,
 * on the thread running the command line.
 */
@FunctionalInterface
public interface Analyzer
{
    /**
     * @param options what to read and how.
     * @return the report; faults inside files are in it.
     * @throws IOException if a file cannot be opened or is not a capture (exit 2).
     */
    AnalysisReport analyze(AnalysisOptions options) throws IOException;
}
