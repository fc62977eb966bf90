package io.sparsesweep.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes (the control plane is eventually
 * consistent).
 */
public final class Await {
    private Await() {}

    /**
     * Waits until {@code condition} holds; on timeout fails with {@code what} and the current state
     * from {@code state}.
     */
    public static void until(
            Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 50;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; now: "
                                + state.get());
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            sleep = Math.min(500, sleep * 2);
        }
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition, () -> "(no detail)");
    }
}
