package io.sparsesweep.fitting;

import io.sparsesweep.protocol.SparsityPattern;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads sweep results from CSV: a header line, then one run per line. The four columns the law
 * needs are read, and an optional {@code pattern} column (what sweeps write): rows whose pattern is
 * {@code unstructured} (or blank) are fitted, rows with an n:m pattern such as {@code 2:4} are set
 * aside as {@link StructuredRun}s, since the law's sparsity term describes unstructured masks. Any
 * other column is ignored. Every problem is reported as a {@link FitInputException} naming the
 * file, the line and the column.
 */
public final class ResultsCsv {

    /**
     * The names of the four columns the law needs.
     *
     * @param sparsity S, in [0, 1)
     * @param nonzeroParams N, &gt; 0
     * @param data D, &gt; 0
     * @param loss the measured loss, &gt; 0
     */
    public record Columns(String sparsity, String nonzeroParams, String data, String loss) {
        public static final String SPARSITY = "sparsity";
        public static final String NONZERO_PARAMS = "nonzero_params";
        public static final String DATA = "data";
        public static final String LOSS = "val_loss";

        /** Optional: {@code unstructured} or n:m; sweeps write it. */
        public static final String PATTERN = "pattern";

        /** {@code sparsity,nonzero_params,data,val_loss}: what sweeps write. */
        public static Columns defaults() {
            return new Columns(SPARSITY, NONZERO_PARAMS, DATA, LOSS);
        }
    }

    private ResultsCsv() {}

    public static SweepData read(Path file, Columns columns) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), r, columns);
        } catch (NoSuchFileException e) {
            throw new FitInputException(file + ": no such file");
        }
    }

    /** Parses CSV text; {@code name} is used in messages. */
    public static SweepData parse(String name, Reader csv, Columns columns) throws IOException {
        BufferedReader in = new BufferedReader(csv);
        List<String> header = null;
        int[] index = null;
        List<Observation> points = new ArrayList<>();
        List<StructuredRun> structured = new ArrayList<>();
        int patternIndex = -1;
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line, name, lineNo);
            if (header == null) {
                header = fields;
                index = locate(header, columns, name, lineNo);
                patternIndex = header.indexOf(Columns.PATTERN);
                continue;
            }
            if (fields.size() != header.size()) {
                throw new FitInputException(
                        String.format(
                                "%s:%d: %d fields, but the header has %d",
                                name, lineNo, fields.size(), header.size()));
            }
            double s = number(fields, index[0], columns.sparsity(), name, lineNo);
            double n = number(fields, index[1], columns.nonzeroParams(), name, lineNo);
            double d = number(fields, index[2], columns.data(), name, lineNo);
            double l = number(fields, index[3], columns.loss(), name, lineNo);
            if (!(s >= 0 && s < 1)) {
                throw bad(
                        name,
                        lineNo,
                        columns.sparsity(),
                        fields.get(index[0]),
                        "must be in [0, 1)");
            }
            requirePositive(n, fields.get(index[1]), columns.nonzeroParams(), name, lineNo);
            requirePositive(d, fields.get(index[2]), columns.data(), name, lineNo);
            requirePositive(l, fields.get(index[3]), columns.loss(), name, lineNo);
            Observation o = new Observation(s, n, d, l);
            String pattern = patternIndex < 0 ? "" : fields.get(patternIndex).trim();
            if (pattern.isEmpty() || pattern.equalsIgnoreCase("unstructured")) {
                points.add(o);
            } else {
                java.util.Optional<SparsityPattern> p = SparsityPattern.tryParse(pattern);
                if (p.isEmpty()) {
                    throw bad(
                            name,
                            lineNo,
                            Columns.PATTERN,
                            pattern,
                            "is neither 'unstructured' nor n:m with 1 <= n < m (e.g. 2:4)");
                }
                structured.add(new StructuredRun(p.get().text(), o));
            }
        }
        if (header == null) {
            throw new FitInputException(name + ": empty file (expected a header line)");
        }
        return SweepData.of(name, points, structured);
    }

    private static int[] locate(List<String> header, Columns c, String name, int lineNo) {
        String[] wanted = {c.sparsity(), c.nonzeroParams(), c.data(), c.loss()};
        int[] idx = new int[wanted.length];
        for (int k = 0; k < wanted.length; k++) {
            idx[k] = header.indexOf(wanted[k]);
            if (idx[k] < 0) {
                throw new FitInputException(
                        String.format(
                                "%s:%d: missing column '%s' (the header has: %s)",
                                name, lineNo, wanted[k], String.join(", ", header)));
            }
        }
        return idx;
    }

    private static double number(
            List<String> fields, int i, String column, String name, int lineNo) {
        String raw = fields.get(i).trim();
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw bad(name, lineNo, column, raw, "is not a number");
        }
        if (!Double.isFinite(v)) {
            throw bad(name, lineNo, column, raw, "is not a finite number");
        }
        return v;
    }

    private static void requirePositive(
            double v, String raw, String column, String name, int lineNo) {
        if (!(v > 0)) {
            throw bad(name, lineNo, column, raw, "must be > 0");
        }
    }

    private static FitInputException bad(
            String name, int lineNo, String column, String raw, String why) {
        return new FitInputException(
                String.format("%s:%d: column '%s': '%s' %s", name, lineNo, column, raw, why));
    }

    /** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
    static List<String> split(String line, String name, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new FitInputException(name + ":" + lineNo + ": unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }
}
