package io.sparsesweep.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.protocol.TrialResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialResultParserTest {
    static final List<Trial> TRIALS =
            SweepPlanner.plan(
                    SweepManifests.parse(
                                    """
                                    apiVersion: sparsesweep.io/v1alpha1
                                    kind: SparseSweep
                                    metadata: {name: r}
                                    spec:
                                      task: lm
                                      dataset: synthetic
                                      model: {sizes: [{name: s, width: 64, depth: 2, heads: 4}]}
                                      grid: {sparsities: [0.0, 0.5], patterns: [unstructured, "2:4"], steps: [200]}
                                      training: {batchSize: 32}
                                      fitting: {enabled: false}
                                      trainer: {image: img}
                                    """)
                            .getSpec());

    static String resultOf(Trial t, double valLoss) {
        return TrialResult.echoing(t.args())
                .valLoss(valLoss)
                .trainLoss(valLoss - 0.1)
                .params(120_000, 100_000, 100_000, 50_000)
                .wallSeconds(12.5)
                .build()
                .toJson();
    }

    @Test
    void parsesTheResultOfItsTrial() {
        Trial t = TRIALS.get(1);
        TrialResultParser.Parsed p = TrialResultParser.parse(resultOf(t, 3.25) + "\n", t);
        assertThat(p.error()).isNull();
        TrialResult r = p.result().orElseThrow();
        assertThat(r.valLoss()).isEqualTo(3.25);
        assertThat(r.examples()).isEqualTo(200 * 32);
        assertThat(r.nonzeroParams()).isEqualTo(50000);
        assertThat(r.pattern()).isEqualTo(t.point().pattern());
    }

    @Test
    void aResultOfAnotherTrialIsUnusable() {
        assertThat(TRIALS).hasSize(3);
        for (Trial t : TRIALS) {
            for (Trial other : TRIALS) {
                TrialResultParser.Parsed p = TrialResultParser.parse(resultOf(other, 3.0), t);
                if (t == other) {
                    assertThat(p.result()).isPresent();
                } else {
                    assertThat(p.result()).isEmpty();
                    assertThat(p.error())
                            .startsWith("unusable result: the result is not for this trial");
                }
            }
        }
    }

    @Test
    void rejectsAnythingElseWithAReason() {
        Trial t = TRIALS.get(0);
        assertThat(TrialResultParser.parse(null, t).error())
                .isEqualTo("unusable result: the result is empty");
        assertThat(TrialResultParser.parse("Traceback (most recent call last):\n  boom", t).error())
                .contains("not one line of JSON");
        assertThat(TrialResultParser.parse(resultOf(t, 3.0) + " trailing", t).error())
                .contains("trailing text");
        assertThat(TrialResultParser.parse(resultOf(t, 1e308), t).error())
                .contains("valLoss 1.0E308 is outside (0, 100]");
    }

    @Test
    void csvHasTheColumnsFitReads() {
        Trial dense = unstructured(0.0);
        Trial half = unstructured(0.5);
        // A result that missed its target (an older trainer) and says so, with the FLOP counts.
        String missedJson =
                TrialResult.echoing(half.args())
                        .valLoss(3.25)
                        .trainLoss(3.15)
                        .params(120_000, 100_000, 100_000, 66_176)
                        .achievedSparsity(0.33824)
                        .wallSeconds(12.5)
                        .flopsPerExample(1.2e8, 9.0e7)
                        .build()
                        .toJson();
        TrialResult missed = TrialResultParser.parse(missedJson, half).result().orElseThrow();
        TrialResult r = TrialResultParser.parse(resultOf(dense, 3.5), dense).result().orElseThrow();
        assertThat(missed.trainFlopsPerExample()).isEqualTo(1.2e8);
        assertThat(r.trainFlopsPerExample()).as("the trainer did not say").isNaN();
        String csv =
                ResultsCsvWriter.write(
                        List.of(
                                ResultsCsvWriter.Row.of("0a1b2c3d", half.point(), missed),
                                ResultsCsvWriter.Row.of("ffee0011", dense.point(), r)),
                        new ResultsCsvWriter.Window(0.2, 0.8));
        assertThat(csv)
                .isEqualTo(
                        "trial,sparsity,achieved_sparsity,pattern,seed,nonzero_params,data,val_loss,"
                                + "steps,prune_start,prune_end,train_flops_per_example,"
                                + "block_flops_per_example\n"
                                + "0a1b2c3d,0.5,0.33824,unstructured,0,66176,6400,3.25,200,0.2,0.8,"
                                + "120000000,90000000\n"
                                + "ffee0011,0,0.5,unstructured,0,50000,6400,3.5,200,0.2,0.8,,\n");
        assertThat(ResultsCsvWriter.Window.of(null))
                .isEqualTo(new ResultsCsvWriter.Window(0.25, 0.75));
    }

    /** The planner's order is not the grid's: pick a trial by what it is. */
    private static Trial unstructured(double sparsity) {
        return TRIALS.stream()
                .filter(t -> "unstructured".equals(t.point().pattern()))
                .filter(t -> t.point().sparsity() == sparsity)
                .findFirst()
                .orElseThrow();
    }
}
