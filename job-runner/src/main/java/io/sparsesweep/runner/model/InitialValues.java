package io.sparsesweep.runner.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The initial weights every engine starts from, so that engines can be compared step by step. */
public final class InitialValues {
    private InitialValues() {}

    /**
     * Deterministic initial values from {@code seed}, one generator per tensor keyed by its name
     * (so adding a tensor does not change the others). Kernels ~ N(0, 1/fan_in), residual output
     * kernels additionally scaled by 1/sqrt(2·depth); token embedding ~ N(0, 1) (T5); positions ~
     * N(0, 0.1²); head ~ N(0, 1/d); norm gains 1; biases and norm offsets 0.
     */
    public static Map<String, float[]> of(ModelSpec spec, long seed) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            float[] v = new float[(int) p.size()];
            double std;
            switch (p.kind()) {
                case NORM -> {
                    if (p.name().endsWith("_g")) {
                        Arrays.fill(v, 1f);
                    }
                    std = 0;
                }
                case BIAS -> std = 0;
                case POSITION -> std = 0.1;
                case EMBEDDING ->
                        std = "lm".equals(spec.task()) ? 1.0 : 1.0 / Math.sqrt(p.shape()[0]);
                case HEAD -> std = 1.0 / Math.sqrt(p.shape()[0]);
                default -> {
                    std = 1.0 / Math.sqrt(p.shape()[0]);
                    if (p.name().endsWith("attn_o") || p.name().endsWith("mlp_out")) {
                        std /= Math.sqrt(2.0 * spec.depth());
                    }
                }
            }
            if (std > 0) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + p.name().hashCode());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (r.nextGaussian() * std);
                }
            }
            values.put(p.name(), v);
        }
        return values;
    }
}
