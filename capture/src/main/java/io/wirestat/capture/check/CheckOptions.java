package io.wirestat.capture.check;

import io.wirestat.capture.analysis.AnalysisOptions;

import java.util.function.Consumer;

/**
 * How to check a corpus. Plain mutable settings, filled by the CLI or a test, then read; not thread safe while
 * being filled.
 */
public final class CheckOptions
{
    /**
     * Pipeline settings for every capture (filter, TIME_WAIT length, shards), applied before a capture's own
     * {@code #options} line, which wins. Default: the pipeline's defaults.
     */
    public Consumer<AnalysisOptions> pipeline = options -> { };
    /** Write or refresh expected files instead of failing on differences. */
    public boolean update;
    /** Where alerts come from; see {@link AlertSource#DEFAULT}. */
    public AlertSource alerts = AlertSource.DEFAULT;

    /**
     * @param pipeline settings for every capture.
     * @return this.
     */
    public CheckOptions pipeline(final Consumer<AnalysisOptions> pipeline)
    {
        this.pipeline = pipeline;
        return this;
    }

    /**
     * @param update write or refresh expected files.
     * @return this.
     */
    public CheckOptions update(final boolean update)
    {
        this.update = update;
        return this;
    }

    /**
     * @param alerts where alerts come from.
     * @return this.
     */
    public CheckOptions alerts(final AlertSource alerts)
    {
        this.alerts = alerts;
        return this;
    }
}
