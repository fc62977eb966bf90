package io.sparsesweep.runner;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGTERM into a flag that the training loop polls (pass {@code flag::get} to {@link
 * Trainer#Trainer(java.util.function.BooleanSupplier)}), so that a run finishes its current step,
 * writes a checkpoint and exits 75 instead of dying mid-write. Uses {@code sun.misc.Signal} (module
 * jdk.unsupported), the only JDK API for this. Only the CLI installs it: a library caller keeps the
 * JVM's own SIGTERM behaviour.
 */
public final class SigtermFlag {
    private SigtermFlag() {}

    /** Installs the handler; returns false when the platform does not allow it. */
    public static boolean install(AtomicBoolean flag) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> flag.set(true));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
