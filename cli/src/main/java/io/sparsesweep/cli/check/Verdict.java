package io.sparsesweep.cli.check;

/** The outcome of one clause: passed or not, and what was seen (the evidence). */
public record Verdict(Clause clause, boolean passed, String evidence) {
    static Verdict pass(Clause clause, String evidence) {
        return new Verdict(clause, true, evidence);
    }

    static Verdict fail(Clause clause, String evidence) {
        return new Verdict(clause, false, evidence);
    }

    /** One report line: {@code PASS short-run: exit 0 in 3.1 s}. */
    public String line() {
        return (passed ? "PASS " : "FAIL ") + clause.id() + ": " + evidence;
    }
}
