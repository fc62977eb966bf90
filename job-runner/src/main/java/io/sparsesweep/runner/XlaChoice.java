package io.sparsesweep.runner;

/**
 * Whether a run on the tensorflow engine compiles with XLA: {@code --xla on} and {@code off} as
 * given; {@code auto} (the default) decides from the configuration, by where XLA was measured to
 * win (BENCHMARKS.md, "Trainer"; docs/trainer.md, "XLA").
 */
public final class XlaChoice {
    private XlaChoice() {}

    /** The effective choice for a configuration. */
    public static boolean enabled(TrainConfig c) {
        return switch (c.xla()) {
            case "on" -> true;
            case "off" -> false;
            default -> autoEnabled(c);
        };
    }

    /** What {@code auto} picks. Not measured yet: off. */
    static boolean autoEnabled(TrainConfig c) {
        return false;
    }
}
