package io.sparsesweep.runner.prune;

import io.sparsesweep.protocol.BadArgumentException;

/**
 * The gradual-pruning schedule of Zhu &amp; Gupta as implemented by jaxpruner's {@code
 * PolynomialSchedule} with power 3: {@code s_t = S·(1 − (1 − p)^3)}, {@code p = clip(t + 1 − t0, 0,
 * t1 − t0) / (t1 − t0)} (note the +1; {@code p = 1} when {@code t0 == t1}). Masks are recomputed at
 * step {@code t} iff {@code t0 <= t <= t1} and either {@code t % every == 0} (the absolute step, as
 * jaxpruner) or {@code t == t1}, where {@code t} is the number of optimizer updates already
 * applied.
 *
 * <p>The update at {@code t1} is ours: jaxpruner reaches the target only when {@code t1} is a
 * multiple of the interval, and otherwise leaves the run short of it (200 steps at S = 0.75 with an
 * interval of 100 ended at 0.662) while the run is still recorded at S. With the last update always
 * at {@code t1}, where {@code p = 1}, every run ends at its target.
 */
public final class CubicSchedule {
    private final double target;
    private final long start;
    private final long end;
    private final long every;

    public CubicSchedule(double target, long start, long end, long every) {
        BadArgumentException.require(
                target >= 0 && target < 1, "--sparsity", target, "must be in [0, 1)");
        BadArgumentException.require(start >= 0, "--prune-start", start, "must be >= 0 steps");
        BadArgumentException.require(
                end >= start,
                "--prune-end",
                end,
                "must not be before --prune-start (" + start + ")");
        BadArgumentException.require(every >= 1, "--prune-every", every, "must be >= 1 step");
        this.target = target;
        this.start = start;
        this.end = end;
        this.every = every;
    }

    /** The sparsity the masks should have after the update made at step {@code t}. */
    public double sparsityAt(long t) {
        double p;
        if (end == start) {
            p = t + 1 - start > 0 ? 1.0 : 0.0;
        } else {
            long clipped = Math.max(0, Math.min(t + 1 - start, end - start));
            p = (double) clipped / (double) (end - start);
        }
        double q = 1.0 - p;
        return target * (1.0 - q * q * q);
    }

    /** Whether masks are recomputed before the optimizer update of step {@code t}. */
    public boolean updatesAt(long t) {
        return target > 0 && t >= start && t <= end && (t % every == 0 || t == end);
    }

    /**
     * The sparsity that the masks hold while step {@code t} runs: that of the last update at or
     * before {@code t}, or 0 before the first one.
     */
    public double enforcedAt(long t) {
        if (target == 0 || t < start) {
            return 0.0;
        }
        if (t >= end) {
            return sparsityAt(end);
        }
        long last = t - t % every;
        if (last < start) {
            return 0.0;
        }
        return sparsityAt(last);
    }

    public double target() {
        return target;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long every() {
        return every;
    }
}
