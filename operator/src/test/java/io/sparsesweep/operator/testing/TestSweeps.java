package io.sparsesweep.operator.testing;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.crd.SparseSweep;

/** Sweep manifests for the operator's tests. */
public final class TestSweeps {
    private TestSweeps() {}

    /** 1 size x (dense, 0.5, 0.75) x 1 steps = 3 trials; fits with 3 results; parallelism 2. */
    public static final String SMALL =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata:
              name: small
              namespace: research
            spec:
              task: vit
              dataset: synthetic-vit
              model:
                sizes:
                - {name: s, width: 32, depth: 2, heads: 2}
              grid:
                sparsities: [0.0, 0.5, 0.75]
                steps: [100]
              training: {batchSize: 16, patchSize: 4, optimizer: adamw, learningRate: 0.001}
              trainer:
                image: example.org/sparsesweep-runner:test
                accelerator: {resource: nvidia.com/gpu, count: 1}
                nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}
              parallelism: 2
              queueName: team-a
              failurePolicy: {maxFailedTrials: 0, retriesPerTrial: 1}
              fitting: {minSucceededTrials: 3, starts: 4, seed: 7}
            """;

    /** The shape the Helm chart renders (docs/helm.md); unknown keys are ignored. */
    public static final String OPERATOR_CONFIG =
            """
            version: 1
            watchNamespaces: ["research", "team-a"]
            defaults:
              parallelism: 4
              maxActiveTrials: 64
              trainerImage: "sparsesweep/runner:0.1.0"
              fittingImage: "sparsesweep/runner:0.1.0"
              imagePullPolicy: "IfNotPresent"
              kueueQueue: ""
              kueuePriorityClass: "low"
              trainerResources: {requests: {cpu: "4", memory: 16Gi}, limits: {memory: 16Gi}}
              fittingResources: {requests: {cpu: "1", memory: 1Gi}}
              fittingCommand: []
            serviceAccounts: {trial: "ss-trial", fitting: "ss-fitting"}
            podSecurity:
              podSecurityContext: {runAsNonRoot: true, runAsUser: 65532}
              securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
              tmpSizeLimit: "1Gi"
            acceleratorProfiles:
              tpu-v5e-8:
                description: TPU v5e, 8 chips
                accelerator: {resource: google.com/tpu, count: 8}
                resources: {requests: {cpu: "100"}}
                nodeSelector: {cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice, cloud.google.com/gke-tpu-topology: 2x4}
                tolerations: [{key: google.com/tpu, operator: Exists, effect: NoSchedule}]
                tpu: {topology: 2x4, hosts: 1}
            """;

    /** The small sweep, parsed and validated. */
    public static SparseSweep small() {
        return SweepManifests.parse(SMALL);
    }
}
