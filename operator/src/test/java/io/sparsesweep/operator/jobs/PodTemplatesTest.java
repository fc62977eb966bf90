package io.sparsesweep.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.crd.PodTemplateOptions;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobset.JobSet;
import io.sparsesweep.operator.jobset.SliceJobSetFactory;
import io.sparsesweep.operator.testing.TestSweeps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pod-template controls reach every Job a sweep makes, in the documented precedence (chart, then
 * profile, then sweep; the operator's own keys always win), and only what belongs there reaches the
 * fitting Job.
 */
class PodTemplatesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static PodTemplateOptions template(String yaml) {
        try {
            return YAML.readValue(yaml, PodTemplateOptions.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart's layer: cost labels, a default priority, the registry's pull Secret. */
    private static final PodTemplateOptions CHART =
            template(
                    """
                    labels: {cost-center: "4711", team: platform}
                    annotations: {example.com/owner: platform}
                    priorityClassName: batch-low
                    imagePullSecrets: [{name: registry}]
                    affinity:
                      nodeAffinity:
                        preferredDuringSchedulingIgnoredDuringExecution:
                        - weight: 10
                          preference:
                            matchExpressions: [{key: pool, operator: In, values: [spot]}]
                    """);

    /** A slice profile's layer: Kueue's topology request for the whole slice. */
    private static final PodTemplateOptions PROFILE =
            template(
                    """
                    annotations:
                      kueue.x-k8s.io/podset-required-topology: cloud.google.com/gke-nodepool
                    priorityClassName: tpu-batch
                    """);

    private static final String SWEEP_LAYER =
            """
            labels: {team: vision}
            annotations: {example.com/owner: vision}
            priorityClassName: research-high
            imagePullSecrets: [{name: vision-registry}, {name: registry}]
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                - topologyKey: kubernetes.io/hostname
                  labelSelector: {matchLabels: {sparsesweep.io/role: trial}}
            """;

    private static final AcceleratorProfile CPU_PROFILE =
            new AcceleratorProfile(
                    "cpu-pool", null, null, Map.of("pool", "cpu"), List.of(), null, PROFILE);

    private static OperatorSettings settings() {
        return OperatorSettings.defaults()
                .withImages("default/runner:1", "default/fit:1")
                .withProfiles(Map.of("cpu-pool", CPU_PROFILE))
                .withPodTemplate(CHART);
    }

    private static SparseSweep sweep(boolean withProfile, String podTemplate) {
        SparseSweep s = TestSweeps.small();
        s.getMetadata().setUid("uid-1");
        if (withProfile) {
            s.getSpec().getTrainer().setAccelerator(null);
            s.getSpec().getTrainer().setAcceleratorProfile("cpu-pool");
        }
        s.getSpec().setPodTemplate(podTemplate == null ? null : template(podTemplate));
        return s;
    }

    private static Job trialJob(OperatorSettings settings, SparseSweep s) {
        return new TrialJobFactory(settings).jobFor(s, SweepPlanner.plan(s.getSpec()).get(0), 1);
    }

    @Test
    void aTrialJobCarriesTheSweepsControlsOverTheProfilesOverTheCharts() {
        Job job = trialJob(settings(), sweep(true, SWEEP_LAYER));
        PodTemplateSpec pod = job.getSpec().getTemplate();
        for (Map<String, String> labels :
                List.of(job.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
            assertThat(labels)
                    .containsEntry("team", "vision")
                    .containsEntry("cost-center", "4711")
                    .containsEntry(SweepNames.LABEL_ROLE, SweepNames.ROLE_TRIAL);
        }
        for (Map<String, String> annotations :
                List.of(job.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations())) {
            assertThat(annotations)
                    .containsEntry("example.com/owner", "vision")
                    .containsEntry(
                            "kueue.x-k8s.io/podset-required-topology",
                            "cloud.google.com/gke-nodepool")
                    .containsKey(SweepNames.ANNOTATION_POINT);
        }
        PodSpec spec = pod.getSpec();
        assertThat(spec.getPriorityClassName()).isEqualTo("research-high");
        assertThat(spec.getImagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("registry", "vision-registry");
        assertThat(spec.getAffinity().getNodeAffinity()).as("taken whole from the sweep").isNull();
        assertThat(
                        spec.getAffinity()
                                .getPodAntiAffinity()
                                .getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(spec.getNodeSelector()).containsEntry("pool", "cpu");
    }

    @Test
    void withoutASweepLayerTheProfileAndTheChartApply() {
        PodSpec spec = trialJob(settings(), sweep(true, null)).getSpec().getTemplate().getSpec();
        assertThat(spec.getPriorityClassName()).isEqualTo("tpu-batch");
        assertThat(spec.getAffinity().getNodeAffinity()).isNotNull();
        assertThat(spec.getImagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("registry");

        Job plain =
                trialJob(OperatorSettings.defaults().withImages("r:1", "f:1"), sweep(false, null));
        assertThat(plain.getSpec().getTemplate().getSpec().getPriorityClassName()).isNull();
        assertThat(plain.getSpec().getTemplate().getSpec().getAffinity()).isNull();
        assertThat(plain.getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();
        assertThat(plain.getMetadata().getLabels()).doesNotContainKey("team");
    }

    @Test
    void theOperatorsOwnLabelsWinOverAnyLayer() {
        // validation refuses these keys; the builder must not depend on that
        PodTemplateOptions sneaky =
                template(
                        "labels: {sparsesweep.io/sweep: other, kueue.x-k8s.io/queue-name: x}\n"
                                + "annotations: {sparsesweep.io/point: forged}\n");
        Job job =
                trialJob(
                        OperatorSettings.defaults()
                                .withImages("r:1", "f:1")
                                .withPodTemplate(sneaky),
                        sweep(false, null));
        assertThat(job.getMetadata().getLabels())
                .containsEntry(SweepNames.LABEL_SWEEP, "small")
                .containsEntry(SweepNames.KUEUE_QUEUE_LABEL, "team-a");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(SweepNames.LABEL_SWEEP, "small");
        assertThat(job.getMetadata().getAnnotations().get(SweepNames.ANNOTATION_POINT))
                .isNotEqualTo("forged");
    }

    @Test
    void theFittingJobGetsLabelsAnnotationsAndPriorityButNotPlacementOrPullSecrets() {
        Job fit = new FitJobFactory(settings()).jobFor(sweep(true, SWEEP_LAYER), "trial\n");
        assertThat(fit.getMetadata().getLabels())
                .containsEntry("team", "vision")
                .containsEntry(SweepNames.LABEL_ROLE, SweepNames.ROLE_FIT);
        assertThat(fit.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("example.com/owner", "vision")
                .containsKey(io.sparsesweep.operator.fit.FitContract.ANNOTATION_RESULTS);
        PodSpec spec = fit.getSpec().getTemplate().getSpec();
        assertThat(spec.getPriorityClassName()).isEqualTo("research-high");
        assertThat(spec.getAffinity()).isNull();
        assertThat(spec.getImagePullSecrets()).isEmpty();
    }

    @Test
    void aSlicesJobSetCarriesThemOnTheJobSetAndEveryHostsPod() {
        AcceleratorProfile slice =
                new AcceleratorProfile(
                        "tpu-v5p-16",
                        new AcceleratorSpec(AcceleratorSpec.Kind.GOOGLE_TPU, 4),
                        null,
                        Map.of("cloud.google.com/gke-tpu-topology", "2x2x4"),
                        List.of(),
                        new AcceleratorProfile.TpuSlice("2x2x4", 4),
                        PROFILE);
        OperatorSettings settings =
                settings().withProfiles(Map.of("tpu-v5p-16", slice)).withPodTemplate(CHART);
        SparseSweep s = sweep(false, SWEEP_LAYER);
        s.getSpec().getTrainer().setAccelerator(null);
        s.getSpec().getTrainer().setAcceleratorProfile("tpu-v5p-16");
        s.getSpec().getTrainer().setCommand(List.of("python3", "/app/train.py"));
        Job job = trialJob(settings, s);

        JobSet set = SliceJobSetFactory.jobSetFor(job, TrialJobFactory.hostsOf(job));
        assertThat(set.getMetadata().getLabels()).containsEntry("team", "vision");
        assertThat(set.getMetadata().getAnnotations())
                .containsEntry(JobSet.EXCLUSIVE_TOPOLOGY, SliceJobSetFactory.NODE_POOL_LABEL);
        PodTemplateSpec pod =
                set.getSpec().replicatedJobs().get(0).template().getSpec().getTemplate();
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(
                        "kueue.x-k8s.io/podset-required-topology", "cloud.google.com/gke-nodepool");
        assertThat(pod.getMetadata().getLabels()).containsEntry("cost-center", "4711");
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("research-high");
        assertThat(pod.getSpec().getImagePullSecrets()).hasSize(2);
        assertThat(pod.getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
    }
}
