package io.sparsesweep.core;

import io.sparsesweep.crd.SparseSweep;

/** Sweep manifests shared by the tests of this module. */
final class Sweeps {
    private Sweeps() {}

    /** A valid LM sweep: 2 sizes x (dense, 0.5, 0.75 unstructured, 2:4) x 2 steps = 16 trials. */
    static final String LM =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata:
              name: lm-small
              namespace: research
            spec:
              task: lm
              dataset: synthetic-lm
              model:
                sizes:
                - {name: s, width: 64, depth: 2, heads: 4}
                - {name: m, width: 128, depth: 4, heads: 4, mlpRatio: 4}
              grid:
                sparsities: [0.0, 0.5, 0.75]
                patterns: [unstructured, "2:4"]
                steps: [200, 400]
              training:
                batchSize: 32
                seqLen: 64
                optimizer: adafactor
                learningRate: 0.001
                pruneStart: 0.25
                pruneEnd: 0.75
                pruneEvery: 10
              trainer:
                image: example.org/sparsesweep:dev
                accelerator: {resource: nvidia.com/gpu, count: 1}
              parallelism: 3
              failurePolicy: {maxFailedTrials: 2, retriesPerTrial: 1}
            """;

    static SparseSweep lm() {
        return SweepManifests.parse(LM);
    }
}
