package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Accelerators per trial pod: an extended resource and its count (requests = limits). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AcceleratorSpec {
    /** The extended resource name. */
    @JsonPropertyDescription(
            "Extended resource of the accelerator: nvidia.com/gpu or google.com/tpu. Required.")
    @Required
    private Kind resource;

    /** Devices (GPUs, or TPU chips on the host) per trial pod. */
    @JsonPropertyDescription(
            "Devices per trial pod (GPUs, or TPU chips on the host), 1-64. Required.")
    @Required
    @Min(1)
    @Max(64)
    private Integer count;

    public AcceleratorSpec() {}

    public AcceleratorSpec(Kind resource, int count) {
        this.resource = resource;
        this.count = count;
    }

    public Kind getResource() {
        return resource;
    }

    public void setResource(Kind resource) {
        this.resource = resource;
    }

    public Integer getCount() {
        return count;
    }

    public void setCount(Integer count) {
        this.count = count;
    }

    /** Accelerator kinds, named by their Kubernetes extended resource. */
    public enum Kind {
        /** NVIDIA GPUs via the device plugin. */
        @JsonProperty("nvidia.com/gpu")
        NVIDIA_GPU("nvidia.com/gpu"),
        /** Google Cloud TPU chips. */
        @JsonProperty("google.com/tpu")
        GOOGLE_TPU("google.com/tpu");

        private final String resourceName;

        Kind(String resourceName) {
            this.resourceName = resourceName;
        }

        /** The extended resource name, also the key of the node taint to tolerate. */
        public String resourceName() {
            return resourceName;
        }
    }
}
