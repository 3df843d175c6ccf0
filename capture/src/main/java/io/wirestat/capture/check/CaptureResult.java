package io.wirestat.capture.check;

import io.wirestat.capture.analysis.FileFault;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of checking one capture against its expected file.
 *
 * @param entry       the capture and its expected file.
 * @param verdict     pass, fail, new, error; or for {@code --update}: created, updated, unchanged, error.
 * @param differences the expected file's differences from the replay, one readable block each (for
 *                    {@code UPDATED}: what changed); empty otherwise.
 * @param faults      read faults of the capture (truncated or corrupt records): the replay covers what was read
 *                    before them; they are reported, not failed on.
 * @param error       what went wrong, for {@code ERROR}; null otherwise.
 * @param actual      the replay in expected-file form (with the capture's options); null if there was no replay.
 */
public record CaptureResult(
    CorpusEntry entry,
    Verdict verdict,
    List<String> differences,
    List<FileFault> faults,
    String error,
    ExpectedFile actual)
{
    private static final int VERDICT_WIDTH = 10;

    /** @return the capture file. */
    public Path capture()
    {
        return entry.capture();
    }

    /**
     * @return the verdict line, then each difference and fault indented: what {@code wirestat check} prints for
     * this capture, and what a failing test shows.
     */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        final String label = verdict.name();
        sb.append(label).append(" ".repeat(Math.max(1, VERDICT_WIDTH - label.length()))).append(capture());
        switch (verdict)
        {
            case PASS:
            case UNCHANGED:
                sb.append("  (").append(counts()).append(')');
                break;
            case FAIL:
                sb.append("  (").append(differences.size()).append(differences.size() == 1 ? " difference" :
                    " differences").append(" from ").append(entry.expectedFile()).append(')');
                break;
            case NEW:
                sb.append("  (no expected file; 'wirestat check --update' writes ").append(entry.expectedFile())
                    .append(')');
                break;
            case CREATED:
            case UPDATED:
                sb.append("  -> ").append(entry.expectedFile()).append("  (").append(counts()).append(')');
                break;
            default:
                sb.append("  (").append(error).append(')');
                break;
        }
        sb.append('\n');
        for (final String difference : differences)
        {
            sb.append("  ").append(difference.replace("\n", "\n  ")).append('\n');
        }
        for (final FileFault fault : faults)
        {
            sb.append("  warning: read fault, the replay covers what was read before it: ").append(fault).append('\n');
        }
        return sb.toString();
    }

    private String counts()
    {
        final int connections = actual.entries().size();
        final int alerts = actual.alerts().size();
        return connections + (connections == 1 ? " connection, " : " connections, ") +
            alerts + (alerts == 1 ? " alert" : " alerts");
    }
}
