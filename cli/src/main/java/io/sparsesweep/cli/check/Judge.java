package io.sparsesweep.cli.check;

import io.sparsesweep.protocol.ResultJson;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrialExitCodes;
import io.sparsesweep.protocol.TrialResult;
import io.sparsesweep.protocol.UnusableResultException;
import java.util.List;
import java.util.Locale;

/**
 * Judges each clause from what a run left behind (its {@link TrainerRun}, the text of its result
 * file, its checkpoint directory's entries). Pure: no process, no file system, so each verdict can
 * be tested on its own.
 */
final class Judge {
    private Judge() {}

    static Verdict shortRun(TrainerRun run) {
        if (!run.timedOut() && run.exitCode() == TrialExitCodes.OK) {
            return Verdict.pass(Clause.SHORT_RUN, run.ending());
        }
        return Verdict.fail(Clause.SHORT_RUN, run.ending() + " (want exit 0); " + run.tail());
    }

    /** {@code fileText} is the --result file's content, null when there is no such file. */
    static Verdict resultFile(String fileText) {
        if (fileText == null) {
            return Verdict.fail(Clause.RESULT_FILE, "no file at --result");
        }
        try {
            TrialResult r = ResultJson.read(fileText);
            return Verdict.pass(
                    Clause.RESULT_FILE,
                    String.format(
                            Locale.ROOT,
                            "v1 result: valLoss %.4g, nonzeroParams %d of %d, achievedSparsity %.3f",
                            r.valLoss(),
                            r.nonzeroParams(),
                            r.blockParams(),
                            r.achievedSparsity()));
        } catch (UnusableResultException e) {
            return Verdict.fail(
                    Clause.RESULT_FILE, "the strict reader refuses it: " + e.getMessage());
        }
    }

    static Verdict gridPoint(String fileText, TrainerArgs args) {
        if (fileText == null) {
            return Verdict.fail(Clause.GRID_POINT, "no result to compare with the trial's flags");
        }
        try {
            TrialResult r = ResultJson.read(fileText, args);
            return Verdict.pass(
                    Clause.GRID_POINT,
                    "echoes task "
                            + r.task()
                            + ", width "
                            + r.width()
                            + ", depth "
                            + r.depth()
                            + ", heads "
                            + r.heads()
                            + ", steps "
                            + r.steps()
                            + ", seed "
                            + r.seed()
                            + ", pattern "
                            + r.pattern()
                            + ", sparsity "
                            + r.sparsity()
                            + ", optimizer "
                            + r.optimizer());
        } catch (UnusableResultException e) {
            return Verdict.fail(Clause.GRID_POINT, e.getMessage());
        }
    }

    static Verdict stdoutResult(TrainerRun run, String fileText) {
        String last = run.lastStdoutLine();
        if (last == null) {
            return Verdict.fail(Clause.STDOUT_RESULT, "nothing on stdout");
        }
        if (fileText != null && last.strip().equals(fileText.strip())) {
            return Verdict.pass(Clause.STDOUT_RESULT, "the last stdout line is the --result line");
        }
        return Verdict.fail(
                Clause.STDOUT_RESULT,
                "the last stdout line ("
                        + last.length()
                        + " characters) is not the --result line"
                        + (fileText == null ? " (no --result file)" : ""));
    }

    static Verdict unknownEnv(Verdict shortRun, List<String> names) {
        String set = "set: " + String.join(", ", names);
        return shortRun.passed()
                ? Verdict.pass(Clause.UNKNOWN_ENV, set)
                : Verdict.fail(Clause.UNKNOWN_ENV, "the short run failed with " + set);
    }

    static Verdict badInput(Clause clause, String given, TrainerRun run, List<String> named) {
        String ended = given + ": " + run.ending();
        if (run.timedOut() || run.exitCode() != TrialExitCodes.BAD_INPUT) {
            return Verdict.fail(clause, ended + " (want exit 2); " + run.tail());
        }
        String output = run.stderr() + "\n" + run.stdout();
        List<String> missing = named.stream().filter(n -> !output.contains(n)).toList();
        if (!missing.isEmpty()) {
            return Verdict.fail(
                    clause,
                    ended + ", but the message does not name " + String.join(" and ", missing));
        }
        return Verdict.pass(clause, ended + "; " + run.tail());
    }

    /** {@code checkpoints}: the entries of --checkpoint-dir after the run. */
    static Verdict sigterm(TrainerRun run, List<String> checkpoints) {
        if (!run.sigtermSent()) {
            return Verdict.fail(
                    Clause.SIGTERM,
                    run.ending()
                            + " before SIGTERM was sent"
                            + (run.exitCode() != null && run.exitCode() == TrialExitCodes.OK
                                    ? ": give it more steps (--resume-steps)"
                                    : "; " + run.tail()));
        }
        String when = String.format(Locale.ROOT, "SIGTERM at %.1f s, ", run.sigtermAtSeconds());
        if (run.timedOut()) {
            return Verdict.fail(Clause.SIGTERM, when + "then " + run.ending() + "; " + run.tail());
        }
        if (run.exitCode() != TrialExitCodes.STOPPED_WITH_CHECKPOINT) {
            String why =
                    run.exitCode() == 128 + 15
                            ? " (killed by the signal: no handler, or not yet installed)"
                            : run.exitCode() == TrialExitCodes.OK
                                    ? " (it finished: give it more steps, --resume-steps)"
                                    : "";
            return Verdict.fail(
                    Clause.SIGTERM, when + run.ending() + " (want 75)" + why + "; " + run.tail());
        }
        if (checkpoints.isEmpty()) {
            return Verdict.fail(
                    Clause.SIGTERM, when + run.ending() + ", but --checkpoint-dir is empty");
        }
        return Verdict.pass(
                Clause.SIGTERM,
                when + run.ending() + ", --checkpoint-dir holds " + String.join(", ", checkpoints));
    }

    static Verdict resume(Verdict sigterm, TrainerRun rerun, String fileText, TrainerArgs args) {
        if (!sigterm.passed()) {
            return Verdict.fail(Clause.RESUME, "not checked: the sigterm clause failed");
        }
        if (rerun.timedOut() || rerun.exitCode() != TrialExitCodes.OK) {
            return Verdict.fail(
                    Clause.RESUME, "rerun: " + rerun.ending() + " (want exit 0); " + rerun.tail());
        }
        if (fileText == null) {
            return Verdict.fail(Clause.RESUME, "rerun: " + rerun.ending() + ", no --result file");
        }
        try {
            TrialResult r = ResultJson.read(fileText, args);
            if (r.resumedFromStep() <= 0) {
                return Verdict.fail(
                        Clause.RESUME,
                        "rerun: "
                                + rerun.ending()
                                + ", but resumedFromStep is 0: it started from scratch");
            }
            return Verdict.pass(
                    Clause.RESUME,
                    "rerun: "
                            + rerun.ending()
                            + ", resumedFromStep "
                            + r.resumedFromStep()
                            + " of "
                            + r.steps());
        } catch (UnusableResultException e) {
            return Verdict.fail(
                    Clause.RESUME,
                    "rerun: the strict reader refuses its result: " + e.getMessage());
        }
    }
}
