package io.sparsesweep.operator.config;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.crd.PodTemplateOptions;
import java.util.List;
import java.util.Map;

/**
 * A named placement from the operator's Helm values ({@code sweeps.acceleratorProfiles}); a sweep
 * selects one with {@code spec.trainer.acceleratorProfile}.
 *
 * @param name profile name
 * @param accelerator extended resource and count (per host), or null for CPU-only
 * @param resources CPU/memory of the trainer container
 * @param nodeSelector node labels
 * @param tolerations tolerations
 * @param tpu the TPU slice's topology and hosts, or null (one host)
 * @param podTemplate labels, annotations (e.g. a slice's Kueue topology request), affinity,
 *     PriorityClass and pull Secrets of its trial Jobs, over the chart's and under the sweep's
 *     (null: none)
 */
public record AcceleratorProfile(
        String name,
        AcceleratorSpec accelerator,
        ResourceRequirements resources,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        TpuSlice tpu,
        PodTemplateOptions podTemplate) {
    public AcceleratorProfile {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }

    /** A profile without pod-template controls. */
    public AcceleratorProfile(
            String name,
            AcceleratorSpec accelerator,
            ResourceRequirements resources,
            Map<String, String> nodeSelector,
            List<Toleration> tolerations,
            TpuSlice tpu) {
        this(name, accelerator, resources, nodeSelector, tolerations, tpu, null);
    }

    /** A profile without a TPU block: one host. */
    public AcceleratorProfile(
            String name,
            AcceleratorSpec accelerator,
            ResourceRequirements resources,
            Map<String, String> nodeSelector,
            List<Toleration> tolerations) {
        this(name, accelerator, resources, nodeSelector, tolerations, null);
    }

    /** Hosts of one trial: more than one makes every attempt a JobSet (a multi-host slice). */
    public int hosts() {
        return tpu == null ? 1 : tpu.hosts();
    }

    /**
     * A TPU slice ({@code tpu:} in a profile).
     *
     * @param topology chip topology, e.g. {@code 2x2x4} (informational: the profile's node selector
     *     carries {@code cloud.google.com/gke-tpu-topology})
     * @param hosts hosts (VMs) of the slice, each running one trainer process on its chips
     */
    public record TpuSlice(String topology, int hosts) {
        public TpuSlice {
            if (hosts < 1) {
                throw new IllegalArgumentException("tpu.hosts: must be at least 1, was " + hosts);
            }
        }
    }
}
