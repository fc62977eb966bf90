package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One model size: transformer width, depth, heads and MLP ratio. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.width % self.heads == 0",
        message = "width must be divisible by heads")
public class ModelSize {
    /** A short label for the size, e.g. {@code s}, {@code m}, {@code 19m}. */
    @Required
    @Size(min = 1, max = 16)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    /** Hidden size (d_model). */
    @Required
    @Min(8)
    @Max(65536)
    private Integer width;

    /** Number of transformer blocks. */
    @Required
    @Min(1)
    @Max(512)
    private Integer depth;

    /** Attention heads per block. */
    @Required
    @Min(1)
    @Max(512)
    private Integer heads;

    /** MLP hidden size as a multiple of width. */
    @Min(1)
    @Max(16)
    @Default("4")
    private Integer mlpRatio;

    public ModelSize() {}

    public ModelSize(String name, int width, int depth, int heads, int mlpRatio) {
        this.name = name;
        this.width = width;
        this.depth = depth;
        this.heads = heads;
        this.mlpRatio = mlpRatio;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getWidth() {
        return width;
    }

    public void setWidth(Integer width) {
        this.width = width;
    }

    public Integer getDepth() {
        return depth;
    }

    public void setDepth(Integer depth) {
        this.depth = depth;
    }

    public Integer getHeads() {
        return heads;
    }

    public void setHeads(Integer heads) {
        this.heads = heads;
    }

    public Integer getMlpRatio() {
        return mlpRatio;
    }

    public void setMlpRatio(Integer mlpRatio) {
        this.mlpRatio = mlpRatio;
    }

    /** MLP ratio with its default applied. */
    public int effectiveMlpRatio() {
        return mlpRatio == null ? 4 : mlpRatio;
    }
}
