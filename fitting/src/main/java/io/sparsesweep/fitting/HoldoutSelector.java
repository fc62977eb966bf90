package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the held-out points from an expression such as {@code nonzero_params == max}, {@code
 * sparsity >= 0.875} or {@code data == max and sparsity == 0}: clauses {@code COLUMN OP VALUE}
 * joined by {@code and}, where COLUMN is {@code sparsity}, {@code nonzero_params}, {@code data} or
 * {@code val_loss} (or the input's own column names, or S, N, D, L), or {@code dense_params} — the
 * model's size before pruning, N/(1−S), so {@code dense_params == max} holds out the largest model
 * at every sparsity — OP one of {@code == != < <= > >=}, and VALUE a number, {@code max} or {@code
 * min} (of that column over all points).
 */
public final class HoldoutSelector {
    private static final Pattern CLAUSE =
            Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(==|!=|<=|>=|<|>|=)\\s*(\\S+)\\s*");

    /** The pseudo-column N/(1−S): how many parameters the model has before pruning. */
    public static final String DENSE_PARAMS = "dense_params";

    private final String expression;
    private final List<Clause> clauses;

    private record Clause(
            String column, ToDoubleFunction<Observation> field, String op, String value) {}

    private HoldoutSelector(String expression, List<Clause> clauses) {
        this.expression = expression;
        this.clauses = clauses;
    }

    public static HoldoutSelector parse(String expression, ResultsCsv.Columns columns) {
        if (expression == null || expression.isBlank()) {
            throw new FitInputException("--holdout: empty expression");
        }
        List<Clause> clauses = new ArrayList<>();
        for (String part : expression.split("(?i)\\s+and\\s+|&&")) {
            Matcher m = CLAUSE.matcher(part);
            if (!m.matches()) {
                throw new FitInputException(
                        "--holdout: cannot read '"
                                + part.trim()
                                + "' (expected COLUMN OP VALUE, e.g. 'nonzero_params == max')");
            }
            String column = m.group(1);
            ToDoubleFunction<Observation> field = field(column, columns);
            String value = m.group(3).toLowerCase(Locale.ROOT);
            if (!value.equals("max") && !value.equals("min")) {
                try {
                    Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new FitInputException(
                            "--holdout: value '" + m.group(3) + "' is not a number, max or min");
                }
            }
            clauses.add(new Clause(column, field, m.group(2), value));
        }
        return new HoldoutSelector(expression.trim(), List.copyOf(clauses));
    }

    private static ToDoubleFunction<Observation> field(String column, ResultsCsv.Columns c) {
        if (column.equals(c.sparsity())
                || column.equals(ResultsCsv.Columns.SPARSITY)
                || column.equals("S")) {
            return Observation::sparsity;
        }
        if (column.equals(c.nonzeroParams())
                || column.equals(ResultsCsv.Columns.NONZERO_PARAMS)
                || column.equals("N")) {
            return Observation::nonzeroParams;
        }
        if (column.equals(c.data())
                || column.equals(ResultsCsv.Columns.DATA)
                || column.equals("D")) {
            return Observation::data;
        }
        if (column.equals(c.loss())
                || column.equals(ResultsCsv.Columns.LOSS)
                || column.equals("L")) {
            return Observation::loss;
        }
        if (column.equals(DENSE_PARAMS)) {
            return o -> o.nonzeroParams() / (1 - o.sparsity());
        }
        throw new FitInputException(
                "--holdout: unknown column '"
                        + column
                        + "' (use "
                        + String.join(
                                ", ",
                                c.sparsity(),
                                c.nonzeroParams(),
                                c.data(),
                                c.loss(),
                                DENSE_PARAMS)
                        + ")");
    }

    public String expression() {
        return expression;
    }

    /** Whether each point of {@code data} is held out. */
    public boolean[] select(SweepData data) {
        boolean[] out = new boolean[data.size()];
        java.util.Arrays.fill(out, true);
        for (Clause cl : clauses) {
            double target = resolve(cl, data);
            for (int i = 0; i < data.size(); i++) {
                double v = cl.field().applyAsDouble(data.get(i));
                out[i] &= compare(v, cl.op(), target);
            }
        }
        return out;
    }

    private static double resolve(Clause cl, SweepData data) {
        if (cl.value().equals("max") || cl.value().equals("min")) {
            boolean max = cl.value().equals("max");
            double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (Observation o : data.points()) {
                double v = cl.field().applyAsDouble(o);
                best = max ? Math.max(best, v) : Math.min(best, v);
            }
            return best;
        }
        return Double.parseDouble(cl.value());
    }

    private static boolean compare(double v, String op, double t) {
        // Equality with a relative tolerance: values written as decimals rarely round-trip.
        boolean eq = Math.abs(v - t) <= 1e-9 * Math.max(Math.abs(v), Math.abs(t));
        return switch (op) {
            case "==", "=" -> eq;
            case "!=" -> !eq;
            case "<" -> v < t && !eq;
            case "<=" -> v < t || eq;
            case ">" -> v > t && !eq;
            case ">=" -> v > t || eq;
            default -> throw new IllegalStateException(op);
        };
    }
}
