package io.sparsesweep.cli.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How one run of the candidate trainer ended. {@code exitCode} is null when the run did not end
 * within its time (it was then killed).
 *
 * @param sigtermAtSeconds when SIGTERM was sent, seconds after the start; negative if never
 */
public record TrainerRun(
        Integer exitCode, String stdout, String stderr, double seconds, double sigtermAtSeconds) {

    boolean timedOut() {
        return exitCode == null;
    }

    boolean sigtermSent() {
        return sigtermAtSeconds >= 0;
    }

    /** "exit 2 in 1.3 s" or "no exit within 1.3 s (killed)". */
    String ending() {
        String t = String.format(Locale.ROOT, "%.1f s", seconds);
        return timedOut() ? "no exit within " + t + " (killed)" : "exit " + exitCode + " in " + t;
    }

    /** The last non-blank line of stdout, or null. */
    String lastStdoutLine() {
        List<String> lines = nonBlank(stdout);
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    /** The last few lines of output (stderr first), shortened, to show why a run failed. */
    String tail() {
        List<String> lines = nonBlank(stderr + "\n" + stdout);
        if (lines.isEmpty()) {
            return "(no output)";
        }
        String last =
                String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return last.length() > 300 ? "…" + last.substring(last.length() - 300) : last;
    }

    private static List<String> nonBlank(String text) {
        return Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList();
    }
}
