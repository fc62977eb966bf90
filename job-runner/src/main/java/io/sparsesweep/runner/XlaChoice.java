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
        return switch (c.io().xla()) {
            case "on" -> true;
            case "off" -> false;
            default -> autoEnabled(c);
        };
    }

    /**
     * What {@code auto} picks: off. On this CPU (TF 2.18's XLA:CPU, 2 threads) auto-clustering made
     * every measured configuration slower, and Keras's {@code jit_compile=True} slowed its twin by
     * about as much (BENCHMARKS.md, "XLA"), so no configuration is known where it wins. A GPU build
     * would be the place to try it (not measured: no GPU here).
     */
    static boolean autoEnabled(TrainConfig c) {
        return false;
    }
}
