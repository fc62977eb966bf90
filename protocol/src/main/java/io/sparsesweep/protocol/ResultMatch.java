package io.sparsesweep.protocol;

/**
 * Whether a result belongs to the trial it is read for: it must echo the trial's flags (task,
 * shape, steps, examples, seed, pattern, sparsity, optimizer, and the engine when it names one). A
 * result for another grid point — a stale file, a mixed-up pod, a trainer that ignored a flag —
 * would put a wrong point into the fit, so it is an unusable result of that attempt.
 */
final class ResultMatch {
    /** Largest difference between the echoed and the trial's target sparsity. */
    static final double SPARSITY_TOLERANCE = 1e-9;

    private ResultMatch() {}

    static void check(TrialResult r, TrainerArgs args) throws UnusableResultException {
        same(ResultField.TASK, r.task(), args.text(TrainerFlag.TASK));
        same(ResultField.STEPS, r.steps(), args.longValue(TrainerFlag.STEPS));
        same(ResultField.EXAMPLES, r.examples(), args.examples());
        if ("lm".equals(r.task())) {
            same(
                    ResultField.TOKENS,
                    r.tokens(),
                    Math.multiplyExact(args.examples(), args.intValue(TrainerFlag.SEQ_LEN)));
        }
        same(ResultField.WIDTH, r.width(), args.effectiveWidth());
        same(ResultField.DEPTH, r.depth(), args.intValue(TrainerFlag.DEPTH));
        same(ResultField.HEADS, r.heads(), args.intValue(TrainerFlag.HEADS));
        same(ResultField.SEED, r.seed(), args.longValue(TrainerFlag.SEED));
        same(ResultField.PATTERN, r.pattern(), args.pattern().text());
        same(ResultField.OPTIMIZER, r.optimizer(), args.text(TrainerFlag.OPTIMIZER));
        if (r.engine() != null) {
            // A trainer that trained on another engine than the trial asked for ignored --engine.
            same(ResultField.ENGINE, r.engine(), args.text(TrainerFlag.ENGINE));
        }
        double target = args.targetSparsity();
        if (!(Math.abs(r.sparsity() - target) <= SPARSITY_TOLERANCE)) {
            throw mismatch(
                    ResultField.SPARSITY, Double.toString(r.sparsity()), Range.plain(target));
        }
    }

    private static void same(ResultField field, long got, long want)
            throws UnusableResultException {
        if (got != want) {
            throw mismatch(field, Long.toString(got), Long.toString(want));
        }
    }

    /** Only called with texts the rules already bounded (choices, patterns). */
    private static void same(ResultField field, String got, String want)
            throws UnusableResultException {
        if (!want.equals(got)) {
            throw mismatch(field, got, want);
        }
    }

    private static UnusableResultException mismatch(ResultField field, String got, String want) {
        return new UnusableResultException(
                "the result is not for this trial: "
                        + field.key()
                        + " is "
                        + got
                        + ", the trial's is "
                        + want);
    }
}
