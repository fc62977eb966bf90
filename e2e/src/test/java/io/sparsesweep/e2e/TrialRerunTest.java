package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that picks the quickstart trials RealNodeIT trains again locally, on the real plan. */
class TrialRerunTest {
    /** The quickstart's trials with the flags the operator gives their pods. */
    private static List<TrialRerun.Ran> quickstartAsPods() throws Exception {
        List<TrialRerun.Ran> out = new ArrayList<>();
        var sweep = SweepManifests.load(Crds.repoDir().resolve("examples/quickstart.yaml"));
        for (Trial t : SweepPlanner.plan(sweep.getSpec())) {
            List<String> args = new ArrayList<>(t.trainArgs());
            args.addAll(List.of("--threads", "1"));
            args.addAll(
                    List.of(
                            "--checkpoint-dir",
                            "/checkpoints/quickstart/" + t.id(),
                            "--result",
                            "/dev/termination-log"));
            out.add(new TrialRerun.Ran(t.id(), List.of("sparsesweep", "train"), args));
        }
        return out;
    }

    @Test
    void picksTheCheapestDenseUnstructuredAndNmTrialOfTheQuickstart() throws Exception {
        List<TrialRerun.Ran> ran = quickstartAsPods();
        List<TrialRerun.Ran> picked = TrialRerun.pick(ran);

        assertThat(picked)
                .extracting(r -> TrialRerun.kind(r.trainerArgs()))
                .containsExactly("dense", "unstructured", "n:m");
        long fewestSteps =
                ran.stream()
                        .mapToLong(r -> r.trainerArgs().longValue(TrainerFlag.STEPS))
                        .min()
                        .orElseThrow();
        int smallest =
                ran.stream().mapToInt(r -> r.trainerArgs().effectiveWidth()).min().orElseThrow();
        for (TrialRerun.Ran r : picked) {
            TrainerArgs a = r.trainerArgs();
            assertThat(a.longValue(TrainerFlag.STEPS)).as(r.trialId()).isEqualTo(fewestSteps);
            assertThat(a.effectiveWidth()).as(r.trialId()).isEqualTo(smallest);
        }
        // the most pruning of its kind: the quickstart's highest unstructured sparsity
        double highest =
                ran.stream()
                        .map(TrialRerun.Ran::trainerArgs)
                        .filter(a -> "unstructured".equals(TrialRerun.kind(a)))
                        .mapToDouble(TrainerArgs::targetSparsity)
                        .max()
                        .orElseThrow();
        assertThat(picked.get(1).trainerArgs().targetSparsity()).isEqualTo(highest);
    }

    @Test
    void theRuleDoesNotDependOnTheOrderThePodsWereSeenIn() throws Exception {
        List<TrialRerun.Ran> ran = new ArrayList<>(quickstartAsPods());
        List<TrialRerun.Ran> first = TrialRerun.pick(ran);
        Collections.reverse(ran);
        assertThat(TrialRerun.pick(ran)).isEqualTo(first);
        Collections.shuffle(ran, new java.util.Random(7));
        assertThat(TrialRerun.pick(ran)).isEqualTo(first);
    }

    @Test
    void localArgsChangeOnlyWhereTheTrainerWrites() {
        List<String> pod =
                List.of(
                        "--width",
                        "32",
                        "--seed",
                        "3",
                        "--threads",
                        "1",
                        "--checkpoint-dir",
                        "/checkpoints/q/t1",
                        "--result",
                        "/dev/termination-log");
        assertThat(TrialRerun.localArgs(pod, "/tmp/c", "/tmp/r.json"))
                .containsExactly(
                        "--width",
                        "32",
                        "--seed",
                        "3",
                        "--threads",
                        "1",
                        "--checkpoint-dir",
                        "/tmp/c",
                        "--result",
                        "/tmp/r.json");
        assertThatThrownBy(() -> TrialRerun.localArgs(List.of("--width", "32"), "/tmp/c", "/tmp/r"))
                .hasMessageContaining("--checkpoint-dir");
    }
}
