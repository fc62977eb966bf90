package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
    @JsonPropertyDescription(
            "Short label of the size, e.g. s, m or 19m: a lower-case DNS label of at most 16 characters, unique in the sweep. Shown as status.trials[].size.")
    @Required
    @Size(min = 1, max = 16)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    /** Hidden size (d_model). */
    @JsonPropertyDescription("Hidden size d_model, 8-65536, divisible by heads (--width).")
    @Required
    @Min(8)
    @Max(65536)
    private Integer width;

    /** Number of transformer blocks. */
    @JsonPropertyDescription("Number of transformer blocks, 1-512 (--depth).")
    @Required
    @Min(1)
    @Max(512)
    private Integer depth;

    /** Attention heads per block. */
    @JsonPropertyDescription("Attention heads per block, 1-512; must divide width (--heads).")
    @Required
    @Min(1)
    @Max(512)
    private Integer heads;

    /** MLP hidden size as a multiple of width. */
    @JsonPropertyDescription(
            "MLP hidden size as a multiple of width, 1-16 (--mlp-ratio). Default: 4.")
    @Min(1)
    @Max(16)
    @Default("4")
    private Integer mlpRatio;

    /**
     * Peak learning rate of this size's trials ({@code --lr}), instead of
     * spec.training.learningRate: wider models usually want a smaller rate.
     */
    @JsonPropertyDescription(
            "Peak learning rate of this size's trials, 0-10 (--lr), instead of spec.training.learningRate: wider models usually want a smaller rate. Default: spec.training.learningRate.")
    @Min(0)
    @Max(10)
    private Double learningRate;

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

    public Double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(Double learningRate) {
        this.learningRate = learningRate;
    }

    /** MLP ratio with its default applied. */
    public int effectiveMlpRatio() {
        return mlpRatio == null ? 4 : mlpRatio;
    }
}
