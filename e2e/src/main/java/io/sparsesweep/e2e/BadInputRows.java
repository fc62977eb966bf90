package io.sparsesweep.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the "bad inputs tried -> outcome" table in BENCHMARKS.md, as the ITs saw them: the
 * category, what was tried, the status code and the API server's own message. Written to {@code
 * target/bad-inputs/<name>.tsv}; {@code bench/bad-inputs-table.sh} assembles the table.
 */
public final class BadInputRows {
    private static final List<String> ROWS = new ArrayList<>();

    private BadInputRows() {}

    public static synchronized void add(String kind, String what, String code, String message) {
        String m = message == null ? "" : message.replace('\t', ' ').replace('\n', ' ');
        if (m.length() > 200) {
            m = m.substring(0, 197) + "...";
        }
        ROWS.add(kind + "\t" + what + "\t" + code + "\t" + m);
    }

    public static synchronized void write(String name) throws IOException {
        List<String> mine = ROWS.stream().filter(r -> r.startsWith(name + "\t")).toList();
        if (mine.isEmpty()) {
            return;
        }
        Path dir = Path.of("target", "bad-inputs");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".tsv"), mine, StandardCharsets.UTF_8);
    }
}
