package io.sparsesweep.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.protocol.ResultJson;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import io.sparsesweep.protocol.TrialResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each clause's verdict from what a run left behind, without running anything. */
class JudgeTest {
    private static final TrainerArgs TRIAL = TrainerCheck.defaultTrial();

    private static String result(TrainerArgs args, long resumedFrom) {
        TrialResult r =
                TrialResult.echoing(args)
                        .valLoss(2.5)
                        .trainLoss(2.6)
                        .params(1152, 1024, 1024, 512)
                        .achievedSparsity(0.5)
                        .wallSeconds(1)
                        .resumedFromStep(resumedFrom)
                        .examplesPerSecond(100)
                        .build();
        return ResultJson.write(r);
    }

    private static TrainerRun ended(int code, String stdout) {
        return new TrainerRun(code, stdout, "", 1.0, -1);
    }

    @Test
    void aResultForTheTrialPassesEveryResultClause() {
        String line = result(TRIAL, 0);
        assertThat(Judge.resultFile(line + "\n").passed()).isTrue();
        assertThat(Judge.gridPoint(line, TRIAL).passed()).isTrue();
        assertThat(Judge.stdoutResult(ended(0, "progress\n" + line + "\n"), line).passed())
                .isTrue();
    }

    @Test
    void aResultForAnotherGridPointFailsGridPointNamingTheField() {
        String other = result(TRIAL.with(TrainerFlag.SEED, 8), 0);
        assertThat(Judge.resultFile(other).passed()).isTrue();
        Verdict v = Judge.gridPoint(other, TRIAL);
        assertThat(v.passed()).isFalse();
        assertThat(v.line()).startsWith("FAIL grid-point: ").contains("seed is 8");
    }

    @Test
    void noResultOrAnUnreadableOneFails() {
        assertThat(Judge.resultFile(null).evidence()).isEqualTo("no file at --result");
        Verdict v = Judge.resultFile("{\"v\":1}");
        assertThat(v.passed()).isFalse();
        assertThat(v.evidence()).contains("strict reader refuses it");
        assertThat(Judge.stdoutResult(ended(0, "other\n"), result(TRIAL, 0)).passed()).isFalse();
    }

    @Test
    void badInputNeedsExit2AndTheFlagNamed() {
        assertThat(
                        Judge.badInput(
                                        Clause.BAD_VALUE,
                                        "--sparsity 1.5",
                                        new TrainerRun(2, "", "error: --sparsity 1.5: out", 1, -1),
                                        List.of("sparsity", "1.5"))
                                .passed())
                .isTrue();
        assertThat(
                        Judge.badInput(
                                        Clause.BAD_VALUE,
                                        "--sparsity 1.5",
                                        new TrainerRun(2, "", "error: bad value", 1, -1),
                                        List.of("sparsity", "1.5"))
                                .evidence())
                .contains("does not name sparsity and 1.5");
        assertThat(Judge.badInput(Clause.BAD_FLAG, "--x 1", ended(1, ""), List.of()).evidence())
                .contains("exit 1")
                .contains("want exit 2");
    }

    @Test
    void sigtermNeeds75AndACheckpoint() {
        TrainerRun stopped = new TrainerRun(75, "", "", 2.0, 1.0);
        assertThat(Judge.sigterm(stopped, List.of("ckpt-5")).passed()).isTrue();
        assertThat(Judge.sigterm(stopped, List.of()).evidence())
                .contains("--checkpoint-dir is empty");
        assertThat(Judge.sigterm(new TrainerRun(143, "", "", 2.0, 1.0), List.of()).evidence())
                .contains("killed by the signal");
        assertThat(Judge.sigterm(new TrainerRun(null, "", "", 32.0, 1.0), List.of()).evidence())
                .contains("no exit within");
        assertThat(Judge.sigterm(new TrainerRun(0, "", "", 0.5, -1), List.of()).evidence())
                .contains("before SIGTERM was sent");
    }

    @Test
    void resumeNeedsAResultThatSaysItResumed() {
        Verdict sigterm = Verdict.pass(Clause.SIGTERM, "ok");
        String fresh = result(TRIAL, 0);
        assertThat(Judge.resume(sigterm, ended(0, fresh), fresh, TRIAL).evidence())
                .contains("resumedFromStep is 0");
        String resumed = result(TRIAL, 5);
        assertThat(Judge.resume(sigterm, ended(0, resumed), resumed, TRIAL).passed()).isTrue();
        assertThat(
                        Judge.resume(
                                        Verdict.fail(Clause.SIGTERM, "no"),
                                        ended(0, resumed),
                                        resumed,
                                        TRIAL)
                                .evidence())
                .contains("not checked");
    }
}
