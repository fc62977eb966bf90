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
 * aside as {@link StructuredRun}s, since the law's sparsity term describes unstructured masks. The
 * optional columns sweeps also write ({@code achieved_sparsity}, {@code prune_start}, {@code
 * prune_end}, the FLOPs per example) become the data's {@link SweepFacts}. Any other column is
 * ignored. Every problem is reported as a {@link FitInputException} naming the file, the line and
 * the column.
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

        /**
         * Optional: the sparsity the run ended with. When present and S is read from {@code
         * sparsity} (the target), the fit uses this instead and lists the runs that missed.
         */
        public static final String ACHIEVED_SPARSITY = "achieved_sparsity";

        /** Optional: the trial id, named in messages about a row. */
        public static final String TRIAL = "trial";

        /** Optional: the pruning window's start and end as fractions of training. */
        public static final String PRUNE_START = "prune_start";

        public static final String PRUNE_END = "prune_end";

        /** Optional: training FLOPs per example of the model, dense, and of its block matmuls. */
        public static final String FLOPS = "train_flops_per_example";

        public static final String BLOCK_FLOPS = "block_flops_per_example";

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
        Optional optional = null;
        List<Observation> points = new ArrayList<>();
        List<StructuredRun> structured = new ArrayList<>();
        List<SweepFacts.SparsityMismatch> mismatches = new ArrayList<>();
        List<SweepFacts.FlopsRow> flops = new ArrayList<>();
        double[] window = null;
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
                optional = new Optional(header, columns);
                continue;
            }
            if (fields.size() != header.size()) {
                throw new FitInputException(
                        String.format(
                                "%s:%d: %d fields, but the header has %d",
                                name, lineNo, fields.size(), header.size()));
            }
            double s = sparsity(fields, index[0], columns.sparsity(), name, lineNo);
            double n = number(fields, index[1], columns.nonzeroParams(), name, lineNo);
            double d = number(fields, index[2], columns.data(), name, lineNo);
            double l = number(fields, index[3], columns.loss(), name, lineNo);
            requirePositive(n, fields.get(index[1]), columns.nonzeroParams(), name, lineNo);
            requirePositive(d, fields.get(index[2]), columns.data(), name, lineNo);
            requirePositive(l, fields.get(index[3]), columns.loss(), name, lineNo);
            // A blank optional cell: the run did not say (an older trainer); use the target.
            if (optional.achieved >= 0 && !fields.get(optional.achieved).isBlank()) {
                double target = s;
                s = sparsity(fields, optional.achieved, Columns.ACHIEVED_SPARSITY, name, lineNo);
                if (Math.abs(s - target) > SweepFacts.MISMATCH_TOLERANCE) {
                    String row =
                            optional.trial >= 0
                                    ? fields.get(optional.trial).trim()
                                    : "line " + lineNo;
                    mismatches.add(new SweepFacts.SparsityMismatch(row, target, s));
                }
            }
            window = window(window, fields, optional, name, lineNo);
            Observation o = new Observation(s, n, d, l);
            String pattern = optional.pattern < 0 ? "" : fields.get(optional.pattern).trim();
            if (pattern.isEmpty() || pattern.equalsIgnoreCase("unstructured")) {
                points.add(o);
                if (optional.flops >= 0
                        && optional.blockFlops >= 0
                        && !fields.get(optional.flops).isBlank()
                        && !fields.get(optional.blockFlops).isBlank()) {
                    double f = number(fields, optional.flops, Columns.FLOPS, name, lineNo);
                    double b =
                            number(fields, optional.blockFlops, Columns.BLOCK_FLOPS, name, lineNo);
                    requirePositive(f, fields.get(optional.flops), Columns.FLOPS, name, lineNo);
                    requirePositive(
                            b, fields.get(optional.blockFlops), Columns.BLOCK_FLOPS, name, lineNo);
                    flops.add(new SweepFacts.FlopsRow(n / (1 - s), f, b));
                }
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
        CostAccounting cost = window == null ? null : CostAccounting.gradual(window[0], window[1]);
        return SweepData.of(name, points, structured, new SweepFacts(mismatches, cost, flops));
    }

    /** Where the optional columns are (-1: absent). */
    private static final class Optional {
        final int pattern;
        final int achieved;
        final int trial;
        final int pruneStart;
        final int pruneEnd;
        final int flops;
        final int blockFlops;

        Optional(List<String> header, Columns columns) {
            pattern = header.indexOf(Columns.PATTERN);
            // The achieved value replaces the target only when S is read from the target column:
            // a user who names another --sparsity-column gets exactly that column.
            achieved =
                    columns.sparsity().equals(Columns.SPARSITY)
                            ? header.indexOf(Columns.ACHIEVED_SPARSITY)
                            : -1;
            trial = header.indexOf(Columns.TRIAL);
            pruneStart = header.indexOf(Columns.PRUNE_START);
            pruneEnd = header.indexOf(Columns.PRUNE_END);
            flops = header.indexOf(Columns.FLOPS);
            blockFlops = header.indexOf(Columns.BLOCK_FLOPS);
        }
    }

    /**
     * The sweep's pruning window: every row must agree (one cost accounting per fit); {@code seen}
     * is what earlier rows said.
     */
    private static double[] window(
            double[] seen, List<String> fields, Optional o, String name, int lineNo) {
        if (o.pruneStart < 0 || o.pruneEnd < 0) {
            return null;
        }
        double start = fraction(fields, o.pruneStart, Columns.PRUNE_START, name, lineNo);
        double end = fraction(fields, o.pruneEnd, Columns.PRUNE_END, name, lineNo);
        if (end < start) {
            throw bad(
                    name,
                    lineNo,
                    Columns.PRUNE_END,
                    fields.get(o.pruneEnd),
                    "is before prune_start " + start);
        }
        if (seen != null && (seen[0] != start || seen[1] != end)) {
            throw bad(
                    name,
                    lineNo,
                    Columns.PRUNE_START,
                    start + ".." + end,
                    "differs from the window "
                            + seen[0]
                            + ".."
                            + seen[1]
                            + " of earlier rows: fit one sweep at a time, or give --prune-window");
        }
        return new double[] {start, end};
    }

    private static double fraction(
            List<String> fields, int i, String column, String name, int lineNo) {
        double v = number(fields, i, column, name, lineNo);
        if (!(v >= 0 && v <= 1)) {
            throw bad(name, lineNo, column, fields.get(i), "must be in [0, 1]");
        }
        return v;
    }

    private static double sparsity(
            List<String> fields, int i, String column, String name, int lineNo) {
        double s = number(fields, i, column, name, lineNo);
        if (!(s >= 0 && s < 1)) {
            throw bad(name, lineNo, column, fields.get(i), "must be in [0, 1)");
        }
        return s;
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
