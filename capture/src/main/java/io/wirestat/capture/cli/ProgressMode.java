package io.wirestat.capture.cli;

import java.util.Locale;

/**
 * When {@code analyze} shows its progress line ({@code --progress}), as {@code ls --color=WHEN} decides on colour.
 * Immutable; thread safe.
 */
public enum ProgressMode
{
    /** Whatever stderr is and however small the input (logs, tests). */
    ALWAYS,
    /** When stderr is a terminal and the input is large. */
    AUTO,
    /** Never. */
    NEVER;

    /** @return the lower-case name, as written on the command line and listed in {@code --help}. */
    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
