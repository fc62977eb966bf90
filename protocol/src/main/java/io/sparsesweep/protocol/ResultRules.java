package io.sparsesweep.protocol;

import java.util.Optional;

/** The rules a result must satisfy on its own (before it is compared with its trial's flags). */
final class ResultRules {
    /** How far achievedSparsity may stray from 1 - nonzero/block (a float's rounding, no more). */
    static final double CONSISTENCY = 1e-6;

    private ResultRules() {}

    static void check(TrialResult r) throws UnusableResultException {
        choice(ResultField.TASK, r.task(), TrainerFlag.TASK);
        choice(ResultField.OPTIMIZER, r.optimizer(), TrainerFlag.OPTIMIZER);
        if (r.engine() != null) {
            choice(ResultField.ENGINE, r.engine(), TrainerFlag.ENGINE);
        }
        in(ResultField.VAL_LOSS, r.valLoss(), Range.closed(0, TrialProtocol.MAX_LOSS), true);
        in(ResultField.TRAIN_LOSS, r.trainLoss(), Range.closed(0, TrialProtocol.MAX_LOSS), false);
        atLeast(ResultField.STEPS, r.steps(), 1);
        atLeast(ResultField.EXAMPLES, r.examples(), 1);
        if ("lm".equals(r.task())) {
            atLeast(ResultField.TOKENS, r.tokens(), 1);
        }
        atLeast(ResultField.TOTAL_PARAMS, r.totalParams(), 1);
        between(ResultField.PRUNABLE_PARAMS, r.prunableParams(), 0, r.totalParams(), "totalParams");
        between(ResultField.BLOCK_PARAMS, r.blockParams(), 1, r.totalParams(), "totalParams");
        between(ResultField.NONZERO_PARAMS, r.nonzeroParams(), 1, r.blockParams(), "blockParams");
        in(ResultField.SPARSITY, r.sparsity(), Range.closedOpen(0, 1), false);
        double achieved = 1.0 - (double) r.nonzeroParams() / r.blockParams();
        if (!(Math.abs(r.achievedSparsity() - achieved) <= CONSISTENCY)) {
            throw new UnusableResultException(
                    "field achievedSparsity "
                            + r.achievedSparsity()
                            + " is not 1 - nonzeroParams/blockParams = "
                            + achieved);
        }
        Optional<SparsityPattern> pattern = SparsityPattern.tryParse(r.pattern());
        if (pattern.isEmpty()) {
            throw new UnusableResultException("field pattern is not unstructured or n:m");
        }
        if (r.sparsity() > pattern.get().maxSparsity() + 1e-9) {
            throw new UnusableResultException(
                    "field sparsity "
                            + r.sparsity()
                            + " exceeds what "
                            + pattern.get()
                            + " allows");
        }
        in(
                ResultField.WALL_SECONDS,
                r.wallSeconds(),
                Range.closed(0, TrialProtocol.MAX_WALL_SECONDS),
                false);
        atLeast(ResultField.WIDTH, r.width(), 1);
        atLeast(ResultField.DEPTH, r.depth(), 1);
        atLeast(ResultField.HEADS, r.heads(), 1);
        between(ResultField.RESUMED_FROM_STEP, r.resumedFromStep(), 0, r.steps(), "steps");
        in(ResultField.EXAMPLES_PER_SECOND, r.examplesPerSecond(), Range.atLeast(0), false);
        // Optional: absent (NaN) means the trainer did not count them; present, both or neither.
        boolean train = !Double.isNaN(r.trainFlopsPerExample());
        boolean block = !Double.isNaN(r.blockFlopsPerExample());
        if (train != block) {
            throw new UnusableResultException(
                    "fields "
                            + ResultField.TRAIN_FLOPS_PER_EXAMPLE.key()
                            + " and "
                            + ResultField.BLOCK_FLOPS_PER_EXAMPLE.key()
                            + " come together");
        }
        if (train) {
            in(
                    ResultField.TRAIN_FLOPS_PER_EXAMPLE,
                    r.trainFlopsPerExample(),
                    Range.above(0),
                    false);
            if (!(r.blockFlopsPerExample() > 0)
                    || r.blockFlopsPerExample() > r.trainFlopsPerExample()) {
                throw new UnusableResultException(
                        "field "
                                + ResultField.BLOCK_FLOPS_PER_EXAMPLE.key()
                                + " must be in (0, "
                                + ResultField.TRAIN_FLOPS_PER_EXAMPLE.key()
                                + "]");
            }
        }
    }

    private static void choice(ResultField field, String value, TrainerFlag flag)
            throws UnusableResultException {
        if (!flag.choices().contains(value)) {
            throw new UnusableResultException(
                    "field " + field.key() + " must be " + String.join(" or ", flag.choices()));
        }
    }

    /** {@code value} in {@code range}; {@code positive} also excludes 0. */
    private static void in(ResultField field, double value, Range range, boolean positive)
            throws UnusableResultException {
        if (!range.contains(value) || (positive && value <= 0)) {
            String allowed = positive ? "(0, " + Range.plain(range.high()) + "]" : range.describe();
            throw new UnusableResultException(
                    "field " + field.key() + " " + value + " is outside " + allowed);
        }
    }

    private static void atLeast(ResultField field, long value, long min)
            throws UnusableResultException {
        if (value < min) {
            throw new UnusableResultException(
                    "field " + field.key() + " " + value + " must be at least " + min);
        }
    }

    private static void between(ResultField field, long value, long min, long max, String maxName)
            throws UnusableResultException {
        atLeast(field, value, min);
        if (value > max) {
            throw new UnusableResultException(
                    "field " + field.key() + " " + value + " exceeds " + maxName + " " + max);
        }
    }
}
