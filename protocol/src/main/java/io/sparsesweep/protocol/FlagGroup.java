package io.sparsesweep.protocol;

/** The concern a trainer flag belongs to (the trainer's configuration has one record per group). */
public enum FlagGroup {
    MODEL("model"),
    DATA("data"),
    OPTIMIZER("optimizer"),
    PRUNING("pruning"),
    RUN("run length and seed"),
    IO("threads, XLA, checkpoints and outputs");

    private final String title;

    FlagGroup(String title) {
        this.title = title;
    }

    /** A short title for docs and help. */
    public String title() {
        return title;
    }
}
