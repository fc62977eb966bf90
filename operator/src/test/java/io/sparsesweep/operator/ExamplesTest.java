package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.config.OperatorSettingsLoader;
import io.sparsesweep.operator.jobs.TrialJobFactory;
import io.sparsesweep.operator.testing.TestSweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sweep manifests in examples/ are valid and expand and place as their comments say. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("../examples");

    private static SparseSweep load(String file) throws Exception {
        return SweepManifests.load(EXAMPLES.resolve(file));
    }

    @Test
    void everyExampleIsValid() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        for (Path f : files) {
            assertThat(SweepPlanner.plan(SweepManifests.load(f).getSpec()))
                    .as(f.toString())
                    .isNotEmpty();
        }
    }

    @Test
    void trialCountsMatchTheComments() throws Exception {
        assertThat(SweepPlanner.plan(load("sweep-gpu.yaml").getSpec())).hasSize(45);
        assertThat(SweepPlanner.plan(load("sweep-tpu.yaml").getSpec())).hasSize(20);
        assertThat(SweepPlanner.plan(load("sweep-cpu-small.yaml").getSpec())).hasSize(12);
    }

    @Test
    void tpuExampleIsPlacedByTheProfile() throws Exception {
        OperatorSettings settings =
                OperatorSettingsLoader.parse(TestSweeps.OPERATOR_CONFIG, "config.yaml");
        SparseSweep sweep = load("sweep-tpu.yaml");
        sweep.getMetadata().setNamespace("research");
        Job job =
                new TrialJobFactory(settings)
                        .jobFor(sweep, SweepPlanner.plan(sweep.getSpec()).get(0), 1);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getResources().getLimits())
                .containsEntry("google.com/tpu", new Quantity("8"));
        assertThat(pod.getNodeSelector()).containsEntry("cloud.google.com/gke-tpu-topology", "2x4");
        assertThat(job.getMetadata().getLabels())
                .containsEntry("kueue.x-k8s.io/queue-name", "tpu-queue");
        assertThat(pod.getContainers().get(0).getImage())
                .as("operator default image")
                .isEqualTo("sparsesweep/runner:0.1.0");
    }
}
