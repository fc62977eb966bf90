package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The training task; the value is the trainer's {@code --task} flag. */
public enum Task {
    /** Vision transformer on image patches. */
    @JsonProperty("vit")
    VIT("vit"),
    /** Decoder-only language model on token sequences. */
    @JsonProperty("lm")
    LM("lm");

    private final String flag;

    Task(String flag) {
        this.flag = flag;
    }

    /** The value of the trainer's {@code --task} flag. */
    public String flag() {
        return flag;
    }
}
