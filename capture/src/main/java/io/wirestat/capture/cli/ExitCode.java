package io.wirestat.capture.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process exit codes of {@code wirestat}, one meaning each, so scripts can tell damaged input from a bad
 * command line. Immutable; thread safe.
 */
public enum ExitCode
{
    /** Analysed; every input file was read to its end. */
    OK(0, "ok: every file was read to its end"),
    /** Analysed, but some input was damaged (truncated or corrupt records); the report covers what was read. */
    FAULTS(1, "analysed, but the input had faults (listed on stderr; the report covers what was read)"),
    /** Bad command line (option, filter expression, state name) or a file that cannot be opened or is no capture. */
    USAGE(2, "usage error: bad option, filter expression or state name, or a file that cannot be opened or is "
        + "not a capture"),
    /** An unexpected error inside wirestat: a bug, reported with its stack trace. */
    INTERNAL_ERROR(3, "internal error (a bug: please report it with the stack trace printed), or out of memory "
        + "(said with the heap's figures, no trace)"),
    /** Analysed, and an alert of a kind named by {@code --fail-on} fired; wins over {@link #FAULTS}. */
    ALERT(4, "analysed, and an alert of a kind named by --fail-on fired (CI gate); takes precedence over 1"),
    /** The report could not be written (standard output failed: a full disk, a lost mount); said on stderr. */
    OUTPUT(5, "the report could not be written to standard output (said on stderr: a full disk, a closed file); "
        + "a reader that went away (| head) ends with 141, quietly");

    private final int code;
    private final String description;

    ExitCode(final int code, final String description)
    {
        this.code = code;
        this.description = description;
    }

    /** @return the numeric process exit code. */
    public int code()
    {
        return code;
    }

    /** @return a one-line meaning, as listed in {@code --help}. */
    public String description()
    {
        return description;
    }

    /**
     * @return code to description, in code order, for the exit-code section of {@code --help}; built from the enum
     * so that help text and behaviour cannot drift apart.
     */
    static Map<String, String> helpList()
    {
        final Map<String, String> list = new LinkedHashMap<>();
        for (final ExitCode exitCode : values())
        {
            list.put(Integer.toString(exitCode.code), exitCode.description);
        }
        return list;
    }
}
