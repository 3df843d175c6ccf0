/**
 * Regression checks of captures against expected results: the {@link io.wirestat.capture.check.ExpectedFile}
 * format (one reviewable line per connection and per alert), and {@link io.wirestat.capture.check.CorpusCheck},
 * which replays a corpus of captures through the real pipeline and diffs or writes the expected files. Used by
 * {@code wirestat check}, by the project's own fixture tests and by the JUnit helper in replay-fixtures. Cold path.
 */
package io.wirestat.capture.check;
