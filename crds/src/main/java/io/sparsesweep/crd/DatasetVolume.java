package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Where a sweep's data comes from on a cluster: a PersistentVolumeClaim (and a directory inside
 * it), mounted read-only in every trial pod at {@code spec.dataset}. The trainer then reads the
 * same path on a cluster as on a workstation, so one manifest serves both: {@code ./sparsesweep
 * run} reads {@code spec.dataset} from the local disk and ignores this block.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatasetVolume {
    /** Pattern of {@link #path}: relative, no empty, {@code .} or {@code ..} segments. */
    public static final String PATH_PATTERN =
            "^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$";

    /** The claim, in the sweep's namespace. */
    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription(
            "PersistentVolumeClaim in the sweep's namespace holding the data set; mounted read-only at spec.dataset in every trial pod. Required.")
    private String claimName;

    /** Directory inside the claim that holds the data set; the claim's root when absent. */
    @Size(min = 1, max = 1024)
    @Pattern(PATH_PATTERN)
    @JsonPropertyDescription(
            "Directory inside the claim that holds the data set (relative, no '.' or '..' segments); default: the claim's root.")
    private String path;

    public DatasetVolume() {}

    public DatasetVolume(String claimName, String path) {
        this.claimName = claimName;
        this.path = path;
    }

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
