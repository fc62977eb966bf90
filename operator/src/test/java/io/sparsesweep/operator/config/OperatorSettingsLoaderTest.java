package io.sparsesweep.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.operator.testing.TestSweeps;
import org.junit.jupiter.api.Test;

class OperatorSettingsLoaderTest {
    @Test
    void readsTheChartsConfig() throws Exception {
        OperatorSettings s =
                OperatorSettingsLoader.parse(TestSweeps.OPERATOR_CONFIG, "config.yaml");
        assertThat(s.watchNamespaces()).containsExactlyInAnyOrder("research", "team-a");
        assertThat(s.defaultParallelism()).isEqualTo(4);
        assertThat(s.maxActiveTrials()).isEqualTo(64);
        assertThat(s.trainerImage()).isEqualTo("sparsesweep/runner:0.1.0");
        assertThat(s.kueueQueue()).as("blank means none").isNull();
        assertThat(s.kueuePriorityClass()).isEqualTo("low");
        assertThat(s.trainerResources().getRequests()).containsEntry("cpu", new Quantity("4"));
        assertThat(s.trialServiceAccount()).isEqualTo("ss-trial");
        assertThat(s.fittingServiceAccount()).isEqualTo("ss-fitting");
        assertThat(s.podSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(s.tmpSizeLimit()).isEqualTo("1Gi");
        assertThat(s.fitCommand()).isEqualTo(OperatorSettings.DEFAULT_FIT_COMMAND);
        AcceleratorProfile tpu = s.acceleratorProfiles().get("tpu-v5e-8");
        assertThat(tpu.accelerator().getResource()).isEqualTo(AcceleratorSpec.Kind.GOOGLE_TPU);
        assertThat(tpu.accelerator().getCount()).isEqualTo(8);
        assertThat(tpu.nodeSelector()).containsEntry("cloud.google.com/gke-tpu-topology", "2x4");
        assertThat(tpu.tpu()).isEqualTo(new AcceleratorProfile.TpuSlice("2x4", 1));
        assertThat(tpu.hosts()).isEqualTo(1);
        assertThat(s.usesJobSets()).as("no profile spans hosts").isFalse();
        assertThat(tpu.tolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("google.com/tpu"));
    }

    @Test
    void aMultiHostTpuProfileMakesTheOperatorUseJobSets() throws Exception {
        OperatorSettings s =
                OperatorSettingsLoader.parse(
                        "acceleratorProfiles:\n  v5p: {tpu: {topology: 2x2x4, hosts: 4}}\n", "t");
        assertThat(s.acceleratorProfiles().get("v5p").hosts()).isEqualTo(4);
        assertThat(s.usesJobSets()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                OperatorSettingsLoader.parse(
                                        "acceleratorProfiles:\n  v5p: {tpu: {hosts: 0}}\n", "c"))
                .hasMessageStartingWith("c:")
                .hasMessageContaining("acceleratorProfiles.v5p.tpu.hosts: must be at least 1");
    }

    @Test
    void wrongVersionOrTypeIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> OperatorSettingsLoader.parse("version: 2", "cfg"))
                .hasMessageStartingWith("cfg:1:10: version: 2 is not supported");
        assertThatThrownBy(
                        () ->
                                OperatorSettingsLoader.parse(
                                        "acceleratorProfiles: {x: {accelerator: {resource: amd.com/gpu, count: 1}}}",
                                        "cfg"))
                .hasMessageContaining("acceleratorProfiles.x");
    }

    @Test
    void jobCreationConcurrencyDefaultsTo16AndMustBePositive() throws Exception {
        assertThat(
                        OperatorSettingsLoader.parse(TestSweeps.OPERATOR_CONFIG, "cfg")
                                .jobCreationConcurrency())
                .isEqualTo(OperatorSettings.DEFAULT_JOB_CREATION_CONCURRENCY)
                .isEqualTo(16);
        assertThat(
                        OperatorSettingsLoader.parse(
                                        "version: 1\njobCreationConcurrency: 32", "cfg")
                                .jobCreationConcurrency())
                .isEqualTo(32);
        for (String bad : new String[] {"0", "-3", "2.5", "many"}) {
            assertThatThrownBy(
                            () ->
                                    OperatorSettingsLoader.parse(
                                            "version: 1\njobCreationConcurrency: " + bad, "cfg"))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cfg:2:")
                    .hasMessageContaining("jobCreationConcurrency")
                    .hasMessageContaining(bad);
        }
    }
}
