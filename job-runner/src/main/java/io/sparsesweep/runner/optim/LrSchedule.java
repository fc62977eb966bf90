package io.sparsesweep.runner.optim;

/**
 * Learning rate per step: linear warm-up to the peak over {@code warmup} steps, then either
 * inverse-square-root decay {@code peak·sqrt(warmup / (t + 1))} (the T5 recipe's {@code
 * rsqrt_decay}, which the paper's released configs use) or a cosine decay to 10% of the peak at the
 * last step.
 */
public record LrSchedule(double peak, long warmup, long total, String kind) {
    public double at(long t) {
        long w = Math.max(1, warmup);
        if (t < warmup) {
            return peak * (t + 1) / (double) w;
        }
        if ("cosine".equals(kind)) {
            long span = Math.max(1, total - warmup);
            double progress = Math.min(1.0, (t - warmup) / (double) span);
            return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
        return peak * Math.sqrt(w / (double) (t + 1));
    }
}
