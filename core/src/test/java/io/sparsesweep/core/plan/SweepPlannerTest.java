package io.sparsesweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.crd.SparseSweep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {
    private static final String LM =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata: {name: lm-small}
            spec:
              task: lm
              dataset: synthetic-lm
              model:
                sizes:
                - {name: s, width: 64, depth: 2, heads: 4}
                - {name: m, width: 128, depth: 4, heads: 4}
              grid:
                sparsities: [0.0, 0.5, 0.75]
                patterns: [unstructured, "2:4"]
                steps: [200, 400]
              training: {batchSize: 32, seqLen: 64, optimizer: adafactor, learningRate: 0.001,
                         pruneStart: 0.25, pruneEnd: 0.75, pruneEvery: 10, pruneEmbeddings: true}
              trainer: {image: example.org/sparsesweep:dev}
            """;

    private static SparseSweep sweep() {
        return SweepManifests.parse(LM);
    }

    @Test
    void expandsSizesTimesStepsTimesSparsityPatternPoints() {
        List<Trial> trials = SweepPlanner.plan(sweep().getSpec());
        // per (size, steps): dense, 0.5 unstructured, 0.75 unstructured, 2:4 at 0.5
        assertThat(trials).hasSize(2 * 2 * 4);
        assertThat(trials.stream().map(Trial::id).distinct()).hasSize(16);
        assertThat(
                        trials.stream()
                                .filter(t -> t.point().pattern().equals("2:4"))
                                .map(t -> t.point().sparsity()))
                .hasSize(4)
                .containsOnly(0.5);
        assertThat(trials.stream().filter(t -> t.point().sparsity() == 0.0))
                .hasSize(4)
                .allMatch(t -> t.point().pattern().equals("unstructured"));
    }

    @Test
    void cheapestTrialsComeFirst() {
        List<Trial> trials = SweepPlanner.plan(sweep().getSpec());
        GridPoint first = trials.get(0).point();
        GridPoint last = trials.get(trials.size() - 1).point();
        assertThat(first.sizeName()).isEqualTo("s");
        assertThat(first.steps()).isEqualTo(200);
        assertThat(last.sizeName()).isEqualTo("m");
        assertThat(last.steps()).isEqualTo(400);
    }

    @Test
    void idsAreStableAcrossReplansAndListReorderings() {
        List<Trial> once = SweepPlanner.plan(sweep().getSpec());
        List<Trial> again = SweepPlanner.plan(sweep().getSpec());
        assertThat(again).isEqualTo(once);

        SparseSweep shuffled = sweep();
        Collections.reverse(shuffled.getSpec().getModel().getSizes());
        Collections.reverse(shuffled.getSpec().getGrid().getSparsities());
        Collections.reverse(shuffled.getSpec().getGrid().getPatterns());
        Collections.reverse(shuffled.getSpec().getGrid().getSteps());
        shuffled.getSpec().getModel().getSizes().get(0).setName("renamed");
        assertThat(ids(SweepPlanner.plan(shuffled.getSpec()))).isEqualTo(ids(once));
    }

    @Test
    void idIsAHashOfTheCanonicalPoint() {
        GridPoint p = new GridPoint("s", 64, 2, 4, 4, 0.5, "2:4", 200, 0);
        assertThat(p.canonical())
                .isEqualTo(
                        "width=64,depth=2,heads=4,mlp=4,sparsity=0.5,pattern=2:4,steps=200,seed=0");
        assertThat(p.id()).hasSize(8).matches("[0-9a-f]{8}");
        assertThat(new GridPoint("other", 64, 2, 4, 4, 0.50, "2:4", 200, 0).id()).isEqualTo(p.id());
        assertThat(new GridPoint("s", 64, 2, 4, 4, 0.5, "2:4", 200, 1).id()).isNotEqualTo(p.id());
    }

    @Test
    void duplicatePointsCollapse() {
        SparseSweep s = sweep();
        s.getSpec().getGrid().setPatterns(new ArrayList<>(List.of("unstructured", "2:4", "4:8")));
        // 4:8 and 2:4 are both 0.5 sparse but different patterns: both stay.
        assertThat(SweepPlanner.plan(s.getSpec())).hasSize(2 * 2 * 5);
        s.getSpec().getGrid().setSeeds(new ArrayList<>(List.of(0, 1)));
        assertThat(SweepPlanner.plan(s.getSpec())).hasSize(2 * 2 * 5 * 2);
    }

    @Test
    void trainArgsUseTheTrainerFlagNames() {
        Trial t =
                SweepPlanner.plan(sweep().getSpec()).stream()
                        .filter(x -> x.point().pattern().equals("2:4"))
                        .findFirst()
                        .orElseThrow();
        assertThat(t.trainArgs())
                .containsSequence("--task", "lm")
                .containsSequence("--dataset", "synthetic-lm")
                .containsSequence("--width", "64")
                .containsSequence("--depth", "2")
                .containsSequence("--heads", "4")
                .containsSequence("--mlp-ratio", "4")
                .containsSequence("--sparsity", "0.5")
                .containsSequence("--pattern", "2:4")
                .containsSequence("--steps", "200")
                .containsSequence("--seed", "0")
                .containsSequence("--batch-size", "32")
                .containsSequence("--seq-len", "64")
                .containsSequence("--optimizer", "adafactor")
                .containsSequence("--lr", "0.001")
                .containsSequence("--prune-start", "0.25")
                .containsSequence("--prune-end", "0.75")
                .containsSequence("--prune-every", "10")
                .contains("--prune-embeddings")
                .doesNotContain("--patch-size", "--checkpoint-dir", "--result");
        assertThat(t.trainArgs("/ckpt/x", "/dev/termination-log"))
                .endsWith("--checkpoint-dir", "/ckpt/x", "--result", "/dev/termination-log");
    }

    @Test
    void aSweepsScheduleEndsWithEachRunAndEachSizeCanHaveItsOwnRate() {
        SparseSweep s = sweep();
        s.getSpec().getModel().getSizes().get(1).setLearningRate(5e-4);
        List<Trial> trials = SweepPlanner.plan(s.getSpec());
        for (Trial t : trials) {
            // cosine to 10% at the run's end, warm-up over 5% of the run: short and long runs
            // see the same schedule shape
            assertThat(t.trainArgs())
                    .containsSequence("--lr-schedule", "cosine")
                    .containsSequence("--warmup-fraction", "0.05")
                    .doesNotContain("--warmup-steps")
                    .containsSequence(
                            "--lr", t.point().sizeName().equals("m") ? "0.0005" : "0.001");
        }
        s.getSpec().getTraining().setWarmupSteps(30L);
        s.getSpec().getTraining().setLrSchedule(io.sparsesweep.crd.TrainingSpec.LrSchedule.RSQRT);
        assertThat(SweepPlanner.plan(s.getSpec()).get(0).trainArgs())
                .containsSequence("--lr-schedule", "rsqrt")
                .containsSequence("--warmup-steps", "30")
                .doesNotContain("--warmup-fraction");
    }

    private static Set<String> ids(List<Trial> trials) {
        return trials.stream().map(Trial::id).collect(Collectors.toSet());
    }

    @Test
    void countMultipliesTheAxesAndAgreesWithThePlanOnRandomGrids() {
        java.util.Random rng = new java.util.Random(13);
        List<String> nms = List.of("1:2", "2:4", "1:4", "3:4", "2:8", "1:8");
        for (int round = 0; round < 100; round++) {
            var spec = sweep().getSpec();
            var sizes = spec.getModel().getSizes();
            sizes.clear();
            int nSizes = 1 + rng.nextInt(4);
            for (int i = 0; i < nSizes; i++) {
                // Two labels may share dimensions: they are one point, as in the plan.
                int w = 32 * (1 + rng.nextInt(3));
                sizes.add(new io.sparsesweep.crd.ModelSize("z" + i, w, 1 + rng.nextInt(2), 2, 4));
            }
            List<Double> sparsities = new ArrayList<>();
            for (double s : new double[] {0.0, 0.5, 0.75, 0.875}) {
                if (rng.nextBoolean()) {
                    sparsities.add(s);
                }
            }
            spec.getGrid().setSparsities(sparsities);
            List<String> patterns = new ArrayList<>();
            if (rng.nextBoolean()) {
                patterns.add("unstructured");
            }
            nms.stream().filter(p -> rng.nextInt(3) == 0).forEach(patterns::add);
            spec.getGrid().setPatterns(patterns);
            spec.getGrid()
                    .setSteps(new ArrayList<>(List.of(100L, 200L).subList(0, 1 + rng.nextInt(2))));
            spec.getGrid().setSeeds(new ArrayList<>(List.of(0, 1, 2).subList(0, rng.nextInt(4))));
            assertThat(SweepPlanner.count(spec))
                    .as("round %d: %s %s", round, sparsities, patterns)
                    .isEqualTo(SweepPlanner.plan(spec).size());
        }
    }

    @Test
    void countingAGridOfBillionsOfTrialsBuildsNone() {
        // A local manifest has no schema bounds: 5000 sizes x 1000 sparsities x 1000 steps. The
        // plan would build 5e9 trials (and run the JVM out of memory) just to count them.
        var spec = sweep().getSpec();
        var sizes = spec.getModel().getSizes();
        sizes.clear();
        for (int i = 0; i < 5000; i++) {
            sizes.add(new io.sparsesweep.crd.ModelSize("z" + i, 8 * (i + 1), 1, 1, 4));
        }
        List<Double> sparsities = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sparsities.add(i / 1000.0);
        }
        spec.getGrid().setSparsities(sparsities);
        List<Long> steps = new ArrayList<>();
        for (long i = 1; i <= 1000; i++) {
            steps.add(i);
        }
        spec.getGrid().setSteps(steps);
        long t0 = System.nanoTime();
        assertThat(SweepPlanner.count(spec)).isEqualTo(Integer.MAX_VALUE);
        spec.getGrid().setSteps(new ArrayList<>(List.of(100L)));
        spec.getGrid().setPatterns(new ArrayList<>(List.of("unstructured")));
        assertThat(SweepPlanner.count(spec)).isEqualTo(5000 * 1000);
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(2.0);
    }
}
