package io.sparsesweep.operator.jobs;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.config.OperatorSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the sweep's fitting Job. Pure. The Job runs {@code fit-sweep}, which reads the sweep and
 * its results ConfigMap through the API and patches {@code status.fit}; it runs under the fitting
 * ServiceAccount, which may do only that.
 */
public final class FitJobFactory {
    private final OperatorSettings settings;

    public FitJobFactory(OperatorSettings settings) {
        this.settings = settings;
    }

    /** The fitting Job of a sweep. */
    public Job jobFor(SparseSweep sweep) {
        String name = sweep.getMetadata().getName();
        String namespace = sweep.getMetadata().getNamespace();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SweepNames.LABEL_SWEEP, name);
        labels.put(SweepNames.LABEL_ROLE, SweepNames.ROLE_FIT);
        List<String> args = new ArrayList<>(settings.fitCommand());
        args.addAll(List.of("--namespace", namespace, "--name", name));
        ContainerBuilder container =
                new ContainerBuilder()
                        .withName(SweepNames.FIT_CONTAINER)
                        .withImage(
                                settings.fittingImage() != null
                                        ? settings.fittingImage()
                                        : sweep.getSpec().getTrainer().getImage())
                        .withImagePullPolicy(settings.imagePullPolicy())
                        .withCommand(args)
                        .withEnv(new EnvVar("SPARSESWEEP_SWEEP", name, null))
                        .withResources(settings.fittingResources())
                        .withTerminationMessagePolicy("File")
                        .withSecurityContext(settings.securityContext());
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
                        .endMetadata()
                        .withNewSpec()
                        .withRestartPolicy("Never")
                        .withServiceAccountName(settings.fittingServiceAccount())
                        .withSecurityContext(settings.podSecurityContext())
                        .endSpec()
                        .endTemplate()
                        .endSpec();
        if (settings.tmpSizeLimit() != null) {
            container.withVolumeMounts(
                    new VolumeMountBuilder().withMountPath("/tmp").withName("tmp").build());
            job.editSpec()
                    .editTemplate()
                    .editSpec()
                    .withVolumes(
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
        return job.editSpec()
                .editTemplate()
                .editSpec()
                .withContainers(container.build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
