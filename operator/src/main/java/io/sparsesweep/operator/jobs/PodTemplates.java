package io.sparsesweep.operator.jobs;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.crd.PodTemplateOptions;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod-template controls a sweep's Jobs get, and how they are applied. Pure.
 *
 * <p>Precedence, lowest first: the chart ({@code sweeps.podTemplate}), the sweep's accelerator
 * profile ({@code podTemplate} of the profile), the sweep ({@code spec.podTemplate}). Labels and
 * annotations merge key by key (a later layer's value wins); affinity and priorityClassName are
 * taken whole from the last layer that sets them; image pull Secrets are the union of all layers.
 * The operator's own labels and annotations are applied first and never overwritten (validation
 * refuses such keys anyway: {@link PodTemplateOptions#reservedLabel}).
 *
 * @param labels labels of the Job (or JobSet) and its pods
 * @param annotations annotations of the Job (or JobSet) and its pods
 * @param affinity affinity of trial pods, or null
 * @param priorityClassName PriorityClass of trial and fitting pods, or null
 * @param imagePullSecrets pull Secrets of trial pods (empty: none)
 */
public record PodTemplates(
        Map<String, String> labels,
        Map<String, String> annotations,
        Affinity affinity,
        String priorityClassName,
        List<LocalObjectReference> imagePullSecrets) {

    public PodTemplates {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        imagePullSecrets = List.copyOf(imagePullSecrets);
    }

    /** The layers of {@code sweep}'s Jobs merged in precedence order. */
    public static PodTemplates of(
            OperatorSettings settings, AcceleratorProfile profile, SparseSweep sweep) {
        return merge(
                settings.podTemplate(),
                profile == null ? null : profile.podTemplate(),
                sweep.getSpec().getPodTemplate());
    }

    /** {@code layers} merged, lowest precedence first; null layers are skipped. */
    static PodTemplates merge(PodTemplateOptions... layers) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        Affinity affinity = null;
        String priority = null;
        Set<String> secrets = new LinkedHashSet<>();
        for (PodTemplateOptions layer : layers) {
            if (layer == null) {
                continue;
            }
            if (layer.getLabels() != null) {
                labels.putAll(layer.getLabels());
            }
            if (layer.getAnnotations() != null) {
                annotations.putAll(layer.getAnnotations());
            }
            if (layer.getAffinity() != null) {
                affinity = layer.getAffinity();
            }
            if (layer.getPriorityClassName() != null && !layer.getPriorityClassName().isBlank()) {
                priority = layer.getPriorityClassName();
            }
            if (layer.getImagePullSecrets() != null) {
                for (LocalObjectReference r : layer.getImagePullSecrets()) {
                    if (r != null && r.getName() != null && !r.getName().isBlank()) {
                        secrets.add(r.getName());
                    }
                }
            }
        }
        List<LocalObjectReference> refs = new ArrayList<>();
        secrets.forEach(name -> refs.add(new LocalObjectReference(name)));
        return new PodTemplates(labels, annotations, affinity, priority, refs);
    }

    /**
     * Applies everything to a trial Job built by {@link TrialJobFactory}: labels and annotations to
     * the Job and its pod template, affinity, priority and pull Secrets to its pod spec. A slice's
     * JobSet is made from this Job ({@code SliceJobSetFactory}) and carries it all.
     */
    public Job applyToTrial(Job job) {
        meta(job.getMetadata());
        meta(job.getSpec().getTemplate().getMetadata());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        if (affinity != null) {
            pod.setAffinity(affinity);
        }
        priority(pod);
        if (!imagePullSecrets.isEmpty()) {
            pod.setImagePullSecrets(new ArrayList<>(imagePullSecrets));
        }
        return job;
    }

    /**
     * Applies labels, annotations and the PriorityClass to the fitting Job. Not affinity (it places
     * trainers on accelerators; the fitter needs one CPU anywhere) and not the pull Secrets (the
     * fitter runs the operator's own image, pulled as the operator's is).
     */
    public Job applyToFit(Job job) {
        meta(job.getMetadata());
        meta(job.getSpec().getTemplate().getMetadata());
        priority(job.getSpec().getTemplate().getSpec());
        return job;
    }

    private void priority(PodSpec pod) {
        if (priorityClassName != null) {
            pod.setPriorityClassName(priorityClassName);
        }
    }

    /** Adds labels and annotations under those already set: the operator's own always win. */
    private void meta(ObjectMeta meta) {
        if (!labels.isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(labels);
            if (meta.getLabels() != null) {
                merged.putAll(meta.getLabels());
            }
            meta.setLabels(merged);
        }
        if (!annotations.isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(annotations);
            if (meta.getAnnotations() != null) {
                merged.putAll(meta.getAnnotations());
            }
            meta.setAnnotations(merged);
        }
    }
}
