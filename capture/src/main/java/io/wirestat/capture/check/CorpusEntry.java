package io.wirestat.capture.check;

import java.nio.file.Path;

/**
 * A capture found in a corpus and its expected file.
 *
 * @param capture      the capture file.
 * @param expectedFile its expected file: the one found beside it, or where {@code --update} writes one.
 * @param expected     true if {@code expectedFile} existed when the corpus was scanned.
 */
public record CorpusEntry(Path capture, Path expectedFile, boolean expected)
{
}
