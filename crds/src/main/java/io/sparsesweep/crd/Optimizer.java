package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimiser; the value is the trainer's {@code --optimizer} flag. */
public enum Optimizer {
    /** Adafactor, the paper's choice for T5-style models. */
    @JsonProperty("adafactor")
    ADAFACTOR("adafactor"),
    /** AdamW, the paper's choice for ViT. */
    @JsonProperty("adamw")
    ADAMW("adamw");

    private final String flag;

    Optimizer(String flag) {
        this.flag = flag;
    }

    /** The value of the trainer's {@code --optimizer} flag. */
    public String flag() {
        return flag;
    }
}
