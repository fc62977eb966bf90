package io.sparsesweep.fitting;

import io.sparsesweep.protocol.SparsityPattern;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

    /**
     * A plain decimal number as spreadsheets and sweeps write it. Java's own parser also takes hex
     * floats ({@code 0x1p10}), type suffixes ({@code 1.5f}, {@code 3d}), {@code NaN} and {@code
     * Infinity}; none of those is a measurement, so they are refused.
     */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private ResultsCsv() {}

    public static SweepData read(Path file, Columns columns) throws IOException {
        String text;
        try {
            text = Utf8Text.read(file);
        } catch (NoSuchFileException e) {
            throw new FitInputException(file + ": no such file");
        } catch (Utf8Text.BadTextException e) {
            throw new FitInputException(e.getMessage());
        } catch (IOException e) {
            throw new FitInputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), new StringReader(text), columns);
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
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark, as Windows editors write
            }
            if (line.isBlank()) {
                continue;
            }
            List<Field> fields = split(line, name, lineNo);
            if (header == null) {
                header = fields.stream().map(Field::text).toList();
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
            Row at = new Row(name, lineNo, header, fields);
            double s = at.sparsity(index[0]);
            double n = at.positive(index[1]);
            double d = at.positive(index[2]);
            double l = at.positive(index[3]);
            // A blank optional cell: the run did not say (an older trainer); use the target.
            if (optional.achieved >= 0 && !at.text(optional.achieved).isBlank()) {
                double target = s;
                s = at.sparsity(optional.achieved);
                if (Math.abs(s - target) > SweepFacts.MISMATCH_TOLERANCE) {
                    String row = optional.trial >= 0 ? at.text(optional.trial) : "line " + lineNo;
                    mismatches.add(new SweepFacts.SparsityMismatch(row, target, s));
                }
            }
            window = window(window, at, optional);
            Observation o = new Observation(s, n, d, l);
            String pattern = optional.pattern < 0 ? "" : at.text(optional.pattern);
            if (pattern.isEmpty() || pattern.equalsIgnoreCase("unstructured")) {
                points.add(o);
                if (optional.flops >= 0
                        && optional.blockFlops >= 0
                        && !at.text(optional.flops).isBlank()
                        && !at.text(optional.blockFlops).isBlank()) {
                    double f = at.positive(optional.flops);
                    double b = at.positive(optional.blockFlops);
                    flops.add(new SweepFacts.FlopsRow(n / (1 - s), f, b));
                }
            } else {
                java.util.Optional<SparsityPattern> p = SparsityPattern.tryParse(pattern);
                if (p.isEmpty()) {
                    throw at.bad(
                            optional.pattern,
                            "is neither 'unstructured' nor n:m with 1 <= n < m <= 99 (e.g. 2:4)");
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
    private static double[] window(double[] seen, Row at, Optional o) {
        if (o.pruneStart < 0 || o.pruneEnd < 0) {
            return null;
        }
        double start = at.fraction(o.pruneStart);
        double end = at.fraction(o.pruneEnd);
        if (end < start) {
            throw at.bad(o.pruneEnd, "is before prune_start " + start);
        }
        if (seen != null && (seen[0] != start || seen[1] != end)) {
            throw at.bad(
                    o.pruneStart,
                    start + ".." + end,
                    "differs from the window "
                            + seen[0]
                            + ".."
                            + seen[1]
                            + " of earlier rows: fit one sweep at a time, or give --prune-window");
        }
        return new double[] {start, end};
    }

    private static int[] locate(List<String> header, Columns c, String name, int lineNo) {
        String[] wanted = {c.sparsity(), c.nonzeroParams(), c.data(), c.loss()};
        for (int i = 0; i < header.size(); i++) {
            if (header.indexOf(header.get(i)) != i) {
                throw new FitInputException(
                        String.format(
                                "%s:%d: column '%s' appears twice in the header",
                                name, lineNo, header.get(i)));
            }
        }
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

    /** One data line: its cells, and where it is (file, line, header) for messages. */
    private record Row(String file, int line, List<String> header, List<Field> cells) {
        String text(int index) {
            return cells.get(index).text().trim();
        }

        FitInputException bad(int index, String why) {
            return bad(index, text(index), why);
        }

        FitInputException bad(int index, String shown, String why) {
            return new FitInputException(
                    String.format(
                            "%s:%d:%d: column '%s': '%s' %s",
                            file, line, cells.get(index).column(), header.get(index), shown, why));
        }

        double number(int index) {
            String raw = text(index);
            if (raw.equals("NaN") || raw.matches("[+-]?Infinity")) {
                throw bad(index, "is not a finite number");
            }
            if (!DECIMAL.matcher(raw).matches()) {
                throw bad(
                        index,
                        "is not a decimal number (digits, '.', an exponent such as 1e6; no hex"
                                + " floats or type suffixes)");
            }
            double v = Double.parseDouble(raw);
            if (!Double.isFinite(v)) {
                throw bad(index, "is not a finite number");
            }
            return v;
        }

        double positive(int index) {
            double v = number(index);
            if (!(v > 0)) {
                throw bad(index, "must be > 0");
            }
            return v;
        }

        double sparsity(int index) {
            double v = number(index);
            if (!(v >= 0 && v < 1)) {
                throw bad(index, "must be in [0, 1)");
            }
            return v;
        }

        double fraction(int index) {
            double v = number(index);
            if (!(v >= 0 && v <= 1)) {
                throw bad(index, "must be in [0, 1]");
            }
            return v;
        }
    }

    /** One field of a line and the 1-based column where it starts. */
    record Field(String text, int column) {}

    /** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
    static List<Field> split(String line, String name, int lineNo) {
        List<Field> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int start = 1;
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
                out.add(new Field(cur.toString(), start));
                cur.setLength(0);
                start = i + 2;
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new FitInputException(name + ":" + lineNo + ": unterminated quoted field");
        }
        out.add(new Field(cur.toString(), start));
        return out;
    }
}
