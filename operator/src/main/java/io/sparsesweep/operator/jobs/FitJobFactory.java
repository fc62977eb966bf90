package io.sparsesweep.operator.jobs;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.fit.FitContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the sweep's fitting Job. Pure. The Job runs {@code fit-sweep} in the operator's own image
 * (never the sweep author's), on input the operator gives it in its pod template ({@link
 * FitContract}: the results it recorded in status, shown as files by a downward-API volume), and
 * prints the fit, which the operator reads from its log and records. So the pod needs no API
 * access: no ServiceAccount token is mounted, and the fitting ServiceAccount has no permissions.
 */
public final class FitJobFactory {
    /** JVM options of the fitting container (the fit needs more heap than the operator). */
    static final String FIT_JVM_OPTIONS = "-XX:+UseSerialGC -XX:MaxRAMPercentage=75";

    private static final String INPUT_VOLUME = "fit-input";

    private final OperatorSettings settings;

    public FitJobFactory(OperatorSettings settings) {
        this.settings = settings;
    }

    /** The fitting Job of a sweep, fitting {@code resultsCsv} (from the sweep's status). */
    public Job jobFor(SparseSweep sweep, String resultsCsv) {
        String name = sweep.getMetadata().getName();
        String namespace = sweep.getMetadata().getNamespace();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SweepNames.LABEL_SWEEP, name);
        labels.put(SweepNames.LABEL_ROLE, SweepNames.ROLE_FIT);
        Map<String, String> input = new LinkedHashMap<>();
        input.put(FitContract.ANNOTATION_SPEC, FitContract.specJson(sweep.getSpec()));
        input.put(FitContract.ANNOTATION_RESULTS, resultsCsv);
        List<String> command = new ArrayList<>(settings.fitCommand());
        command.addAll(List.of("--input", FitContract.INPUT_DIR));
        ContainerBuilder container =
                new ContainerBuilder()
                        .withName(SweepNames.FIT_CONTAINER)
                        .withImage(settings.fittingImage())
                        .withImagePullPolicy(settings.imagePullPolicy())
                        .withCommand(command)
                        .withEnv(
                                new EnvVar("SPARSESWEEP_SWEEP", name, null),
                                new EnvVar("SPARSESWEEP_NAMESPACE", namespace, null),
                                // The operator image's JVM default is sized for the operator.
                                new EnvVar("JAVA_TOOL_OPTIONS", FIT_JVM_OPTIONS, null))
                        .addAllToEnv(PodLogEnv.of(settings, null))
                        .withResources(settings.fittingResources())
                        .withTerminationMessagePolicy("File")
                        .withSecurityContext(settings.securityContext())
                        .addToVolumeMounts(
                                new VolumeMountBuilder()
                                        .withName(INPUT_VOLUME)
                                        .withMountPath(FitContract.INPUT_DIR)
                                        .withReadOnly(true)
                                        .build());
        JobBuilder job =
                new JobBuilder()
                        .withNewMetadata()
                        .withName(SweepNames.fitJobName(name))
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .withOwnerReferences(ChildMeta.ownerOf(sweep))
                        .endMetadata()
                        .withNewSpec()
                        .withBackoffLimit(1)
                        .withActiveDeadlineSeconds(3600L)
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
                        .withAnnotations(input)
                        .endMetadata()
                        .withNewSpec()
                        .withRestartPolicy("Never")
                        .withServiceAccountName(settings.fittingServiceAccount())
                        .withAutomountServiceAccountToken(false)
                        .withSecurityContext(settings.podSecurityContext())
                        .addToVolumes(inputVolume())
                        .endSpec()
                        .endTemplate()
                        .endSpec();
        if (settings.tmpSizeLimit() != null) {
            container.addToVolumeMounts(
                    new VolumeMountBuilder().withMountPath("/tmp").withName("tmp").build());
            job.editSpec()
                    .editTemplate()
                    .editSpec()
                    .addToVolumes(
                            new VolumeBuilder()
                                    .withName("tmp")
                                    .withNewEmptyDir()
                                    .withSizeLimit(new Quantity(settings.tmpSizeLimit()))
                                    .endEmptyDir()
                                    .build())
                    .endSpec()
                    .endTemplate()
                    .endSpec();
        }
        Job built =
                job.editSpec()
                        .editTemplate()
                        .editSpec()
                        .withContainers(container.build())
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build();
        return PodTemplates.of(settings, profileOf(sweep), sweep).applyToFit(built);
    }

    /** The sweep's accelerator profile (its labels and priority reach the fitting Job too). */
    private AcceleratorProfile profileOf(SparseSweep sweep) {
        var trainer = sweep.getSpec().getTrainer();
        return trainer == null || trainer.getAcceleratorProfile() == null
                ? null
                : settings.acceleratorProfiles().get(trainer.getAcceleratorProfile());
    }

    /** The downward-API volume that shows the input annotations as files. */
    private static Volume inputVolume() {
        return new VolumeBuilder()
                .withName(INPUT_VOLUME)
                .withNewDownwardAPI()
                .addNewItem()
                .withPath(FitContract.SPEC_FILE)
                .withNewFieldRef()
                .withFieldPath("metadata.annotations['" + FitContract.ANNOTATION_SPEC + "']")
                .endFieldRef()
                .endItem()
                .addNewItem()
                .withPath(FitContract.RESULTS_FILE)
                .withNewFieldRef()
                .withFieldPath("metadata.annotations['" + FitContract.ANNOTATION_RESULTS + "']")
                .endFieldRef()
                .endItem()
                .endDownwardAPI()
                .build();
    }
}
