package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The training engine of every trial; the value is the trainer's {@code --engine} flag. */
public enum Engine {
    /** TensorFlow Java in graph mode (the default). */
    @JsonProperty("tensorflow")
    TENSORFLOW("tensorflow"),
    /** PyTorch through DJL, eager; the same model, initial values, optimizer rules and masks. */
    @JsonProperty("djl")
    DJL("djl");

    private final String flag;

    Engine(String flag) {
        this.flag = flag;
    }

    /** The value of the trainer's {@code --engine} flag. */
    public String flag() {
        return flag;
    }
}
