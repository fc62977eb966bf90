package io.sparsesweep.cli.check;

/**
 * The clauses of the trainer contract (docs/trainer-contract.md) that {@code trainer-check} checks,
 * in the order it checks them. Every clause is required: a trainer that fails one would lose or
 * corrupt trials in a sweep.
 */
public enum Clause {
    SHORT_RUN("short-run", "a short run with the trial's flags exits 0 within the timeout"),
    RESULT_FILE(
            "result-file",
            "it writes one result line to --result that the operator's strict reader accepts"),
    GRID_POINT(
            "grid-point",
            "the result echoes the trial it was given (task, width, depth, heads, steps, examples,"
                    + " tokens, seed, pattern, sparsity, optimizer, engine if named)"),
    STDOUT_RESULT("stdout-result", "the last line of stdout is the same result line"),
    UNKNOWN_ENV(
            "unknown-env",
            "the short run had the contract's SPARSESWEEP_* variables and unknown ones set and"
                    + " still passed"),
    BAD_FLAG("bad-flag", "an unknown flag exits 2 with a message naming it"),
    BAD_VALUE(
            "bad-value", "an out-of-range value (--sparsity 1.5) exits 2 with a message naming it"),
    SIGTERM(
            "sigterm",
            "SIGTERM during a run: exit 75 within the grace period, a checkpoint in"
                    + " --checkpoint-dir"),
    RESUME(
            "resume",
            "the same command again resumes: exit 0, a result the strict reader accepts, with"
                    + " resumedFromStep > 0");

    private final String id;
    private final String checks;

    Clause(String id, String checks) {
        this.id = id;
        this.checks = checks;
    }

    /** The clause's name in reports and docs. */
    public String id() {
        return id;
    }

    /** What the clause checks, one line. */
    public String checks() {
        return checks;
    }
}
