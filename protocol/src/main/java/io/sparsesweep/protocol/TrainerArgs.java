package io.sparsesweep.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of one training run: the values given (as their flag text, in the order given) and, for
 * every other flag, its default. Immutable. {@link #parse} reads a command line, {@link #toArgs}
 * writes one, {@link #with} builds one; typed getters fill in defaults; {@link #validate} checks
 * ranges and combinations. Every value is type-checked when it enters, so a getter never fails on a
 * value that {@code parse} or {@code with} accepted.
 *
 * <p>Syntax: {@code --name value}, {@code --name=value}, switches without a value, {@code
 * --no-adafactor-factored}; a flag given twice, an unknown flag or a stray word is an error.
 */
public final class TrainerArgs {
    private static final TrainerArgs DEFAULTS = new TrainerArgs(new LinkedHashMap<>());

    private final Map<TrainerFlag, String> given;

    private TrainerArgs(Map<TrainerFlag, String> given) {
        this.given = Collections.unmodifiableMap(given);
    }

    /** No flag given: every default. */
    public static TrainerArgs defaults() {
        return DEFAULTS;
    }

    /**
     * The flags of a map from flag to its text (a command-line parser's findings); each value is
     * checked against its flag's type.
     */
    public static TrainerArgs of(Map<TrainerFlag, String> values) {
        Map<TrainerFlag, String> given = new LinkedHashMap<>();
        values.forEach((flag, value) -> given.put(flag, check(flag, value)));
        return new TrainerArgs(given);
    }

    /** Reads a trainer command line (without the {@code train} subcommand word). */
    public static TrainerArgs parse(List<String> args) {
        Map<TrainerFlag, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String token = args.get(i);
            if (token == null || !token.startsWith("--")) {
                throw new BadArgumentException(
                        "unexpected argument " + Texts.quoteShort(token) + ": flags start with --");
            }
            int eq = token.indexOf('=');
            String name = eq > 0 ? token.substring(0, eq) : token;
            TrainerFlag flag =
                    TrainerFlag.byFlag(name)
                            .orElseThrow(
                                    () ->
                                            new BadArgumentException(
                                                    "unknown flag "
                                                            + Texts.quoteShort(name)
                                                            + " (sparsesweep train --help lists"
                                                            + " them)"));
            String value;
            if (flag.type().isSwitch()) {
                if (eq > 0) {
                    throw new BadArgumentException(name + " is a switch and takes no value");
                }
                value = name.equals(flag.flag()) ? "true" : "false";
            } else if (eq > 0) {
                value = token.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new BadArgumentException(name + " needs a value");
            }
            if (given.containsKey(flag)) {
                throw new BadArgumentException(flag.flag() + " is given twice");
            }
            given.put(flag, check(flag, value));
        }
        return new TrainerArgs(given);
    }

    /**
     * These flags with {@code flag} set to {@code value} (a number, string, boolean or path; null
     * removes it); the value is checked against the flag's type at once. Doubles are written as
     * their shortest plain decimal. A plain switch set to false is removed (absent means off).
     */
    public TrainerArgs with(TrainerFlag flag, Object value) {
        if (value == null) {
            return without(flag);
        }
        Map<TrainerFlag, String> next = new LinkedHashMap<>(given);
        String text = format(value);
        if (flag.type() == ValueType.SWITCH && "false".equals(text)) {
            next.remove(flag);
        } else {
            next.put(flag, check(flag, text));
        }
        return new TrainerArgs(next);
    }

    /** These flags without {@code flag} (its default applies). */
    public TrainerArgs without(TrainerFlag flag) {
        Map<TrainerFlag, String> next = new LinkedHashMap<>(given);
        next.remove(flag);
        return new TrainerArgs(next);
    }

    /** Whether the flag was given. */
    public boolean has(TrainerFlag flag) {
        return given.containsKey(flag);
    }

    /** The flags given, in order, with their text. */
    public Map<TrainerFlag, String> given() {
        return given;
    }

    /** The command line: the flags given, in the order given. */
    public List<String> toArgs() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<TrainerFlag, String> e : given.entrySet()) {
            TrainerFlag f = e.getKey();
            switch (f.type()) {
                case SWITCH -> {
                    if ("true".equals(e.getValue())) {
                        out.add(f.flag());
                    }
                }
                case NEGATABLE_SWITCH ->
                        out.add("true".equals(e.getValue()) ? f.flag() : f.negatedFlag());
                default -> {
                    out.add(f.flag());
                    out.add(e.getValue());
                }
            }
        }
        return out;
    }

    // ---- typed values (defaults filled in) ----

    /** The flag's text, or its default; null when it has neither. */
    public String text(TrainerFlag flag) {
        String v = given.get(flag);
        return v != null ? v : flag.defaultValue().orElse(null);
    }

    public int intValue(TrainerFlag flag) {
        return Integer.parseInt(required(flag, ValueType.INT));
    }

    public long longValue(TrainerFlag flag) {
        return Long.parseLong(required(flag, ValueType.LONG));
    }

    /** A decimal flag; {@code NaN} when absent and its default is computed. */
    public double decimal(TrainerFlag flag) {
        expect(flag, ValueType.DECIMAL);
        String v = text(flag);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    /** A switch: whether it is on. */
    public boolean isOn(TrainerFlag flag) {
        if (!flag.type().isSwitch()) {
            throw new IllegalArgumentException(flag.flag() + " is not a switch");
        }
        return "true".equals(text(flag));
    }

    // ---- the protocol's derived values ----

    /** The sparsity pattern. */
    public SparsityPattern pattern() {
        return SparsityPattern.parse(text(TrainerFlag.PATTERN));
    }

    /** The target sparsity: {@code --sparsity}, or the pattern's default. */
    public double targetSparsity() {
        double s = decimal(TrainerFlag.SPARSITY);
        return Double.isNaN(s) ? pattern().defaultSparsity() : s;
    }

    /** The peak learning rate: {@code --lr}, or the optimizer's default. */
    public double peakLr() {
        double lr = decimal(TrainerFlag.LR);
        if (!Double.isNaN(lr)) {
            return lr;
        }
        return "adafactor".equals(text(TrainerFlag.OPTIMIZER)) ? 1e-2 : 1e-3;
    }

    /**
     * The model width after {@code --scale}: the dense block-parameter count grows with the square
     * of the width, so the width is multiplied by {@code sqrt(scale)} and rounded to a multiple of
     * the head count (at least one multiple). With scale 1 the width is used as given.
     */
    public int effectiveWidth() {
        int width = intValue(TrainerFlag.WIDTH);
        double scale = decimal(TrainerFlag.SCALE);
        if (scale == 1.0) {
            return width;
        }
        int heads = intValue(TrainerFlag.HEADS);
        long perHead = Math.max(1, Math.round(width * Math.sqrt(scale) / heads));
        return (int) Math.min(Integer.MAX_VALUE, perHead * heads);
    }

    /** Training examples a complete run consumes: steps x batch size (the law's D). */
    public long examples() {
        return Math.multiplyExact(
                longValue(TrainerFlag.STEPS), (long) intValue(TrainerFlag.BATCH_SIZE));
    }

    /**
     * Checks every value's range and the combinations; throws {@link BadArgumentException} naming
     * the first bad flag and its value. What only a trainer can know (does the data set exist, does
     * m divide every pruned tensor) is the trainer's to check.
     */
    public TrainerArgs validate() {
        for (TrainerFlag f : TrainerFlag.values()) {
            String v = text(f);
            if (v == null) {
                continue;
            }
            if (f.range() != null) {
                double x = Double.parseDouble(v);
                BadArgumentException.require(
                        f.range().contains(x), f.flag(), v, "must be " + f.range().describe());
            }
        }
        SparsityPattern pattern = pattern();
        double s = targetSparsity();
        if (pattern instanceof SparsityPattern.Nm nm) {
            BadArgumentException.require(
                    s <= nm.sparsity() + 1e-9,
                    TrainerFlag.SPARSITY.flag(),
                    Range.plain(s),
                    "exceeds what pattern "
                            + nm
                            + " allows (1 - n/m = "
                            + Range.plain(nm.sparsity())
                            + ")");
        }
        int heads = intValue(TrainerFlag.HEADS);
        BadArgumentException.require(
                effectiveWidth() % heads == 0,
                TrainerFlag.HEADS.flag(),
                heads,
                "must divide the width (" + effectiveWidth() + ")");
        BadArgumentException.require(
                decimal(TrainerFlag.PRUNE_END) >= decimal(TrainerFlag.PRUNE_START),
                TrainerFlag.PRUNE_END.flag(),
                text(TrainerFlag.PRUNE_END),
                "must not be before --prune-start " + text(TrainerFlag.PRUNE_START));
        return this;
    }

    private String required(TrainerFlag flag, ValueType type) {
        expect(flag, type);
        String v = text(flag);
        if (v == null) {
            throw new IllegalStateException(flag.flag() + " has no value and no default");
        }
        return v;
    }

    private static void expect(TrainerFlag flag, ValueType type) {
        if (flag.type() != type) {
            throw new IllegalArgumentException(
                    flag.flag() + " is " + flag.type() + ", not " + type);
        }
    }

    /** The value's flag text: integers as digits, doubles as the shortest plain decimal. */
    private static String format(Object value) {
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new BadArgumentException("not a finite number: " + d);
            }
            return Range.plain(d);
        }
        if (value instanceof Float f) {
            return format(Double.valueOf(f.toString()));
        }
        return value.toString();
    }

    /** Returns {@code value} if it is a valid text of the flag's type, else throws naming both. */
    private static String check(TrainerFlag flag, String value) {
        String why =
                switch (flag.type()) {
                    case TEXT, PATH -> value.isEmpty() ? "must not be empty" : null;
                    case CHOICE ->
                            flag.choices().contains(value)
                                    ? null
                                    : "must be " + String.join(" or ", flag.choices());
                    case PATTERN -> {
                        SparsityPattern.parse(value);
                        yield null;
                    }
                    case INT -> integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    case LONG -> integer(value, Long.MIN_VALUE, Long.MAX_VALUE);
                    case DECIMAL ->
                            Syntax.DECIMAL.matcher(value).matches()
                                            && Double.isFinite(Double.parseDouble(value))
                                    ? null
                                    : "is not a plain finite decimal such as 0.5 or 1e-3";
                    case SWITCH, NEGATABLE_SWITCH ->
                            "true".equals(value) || "false".equals(value)
                                    ? null
                                    : "must be true or false";
                };
        if (why != null) {
            throw new BadArgumentException(flag.flag() + " " + Texts.echo(value) + ": " + why);
        }
        return value;
    }

    private static String integer(String value, long min, long max) {
        if (!Syntax.INTEGER.matcher(value).matches()) {
            return "is not a decimal integer";
        }
        try {
            long v = Long.parseLong(value);
            return v >= min && v <= max ? null : "is out of range for an integer";
        } catch (NumberFormatException e) {
            return "is out of range for an integer";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainerArgs other && given.equals(other.given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }

    @Override
    public String toString() {
        return String.join(" ", toArgs());
    }
}
