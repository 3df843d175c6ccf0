package io.wirestat.capture.cli;

import java.util.Locale;

/**
 * How {@code analyze} prints its report ({@code --format}). Immutable; thread safe.
 */
public enum OutputFormat
{
    /** Aligned text for people: state counts, connection table, counters. */
    TABLE,
    /** JSON Lines for machines: one object per connection, then a summary object. */
    JSONL,
    /** A Zeek conn.log (TSV with Zeek's header), for zeek-cut and the SIEM parsers Zeek users already have. */
    ZEEK,
    /** RFC 4180 CSV of the connection table or the {@code --group-by} rows, or the timeline's rows ({@code --timeline}), for spreadsheets. */
    CSV;

    /** @return the lower-case name, as written on the command line and listed in {@code --help}. */
    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
