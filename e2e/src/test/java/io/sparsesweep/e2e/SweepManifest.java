package io.sparsesweep.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A GPU SparseSweep for the tests: {@code widths.length × sparsities.length × steps.length} trials
 * (depth 4, 4 heads, unstructured, batch 65536), and the trainer flags each trial will get.
 */
record SweepManifest(
        String namespace,
        String name,
        int[] widths,
        double[] sparsities,
        long[] steps,
        int parallelism,
        int bootstrap) {
    static final int DEPTH = 4;
    static final int HEADS = 4;
    static final long BATCH = 65536;

    String yaml() {
        StringBuilder sizes = new StringBuilder();
        for (int w : widths) {
            sizes.append(
                    String.format(
                            Locale.ROOT,
                            "    - {name: w%d, width: %d, depth: %d, heads: %d}%n",
                            w,
                            w,
                            DEPTH,
                            HEADS));
        }
        return String.format(
                Locale.ROOT,
                """
                apiVersion: sparsesweep.io/v1alpha1
                kind: SparseSweep
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  task: vit
                  dataset: jft-sim
                  model:
                    sizes:
                %s  grid:
                    sparsities: [%s]
                    patterns: [unstructured]
                    steps: [%s]
                  training:
                    batchSize: %d
                  trainer:
                    image: example.invalid/sparsesweep-runner:sim
                    accelerator: {resource: nvidia.com/gpu, count: 1}
                  parallelism: %d
                  fitting:
                    bootstrap: %d
                    seed: 1
                """,
                name,
                namespace,
                sizes,
                java.util.Arrays.stream(sparsities)
                        .mapToObj(s -> Double.toString(s))
                        .collect(Collectors.joining(", ")),
                java.util.Arrays.stream(steps)
                        .mapToObj(Long::toString)
                        .collect(Collectors.joining(", ")),
                BATCH,
                parallelism,
                bootstrap);
    }

    List<TrialArgs> points() {
        List<TrialArgs> out = new ArrayList<>();
        for (int w : widths) {
            for (double s : sparsities) {
                for (long st : steps) {
                    out.add(new TrialArgs(w, DEPTH, HEADS, 4, st, s, "unstructured", 0, BATCH));
                }
            }
        }
        return out;
    }

    int trials() {
        return widths.length * sparsities.length * steps.length;
    }
}
