package io.sparsesweep.runner.djl;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/** A garbage collection whose reference processing has run, for tests of native lifetimes. */
final class FullGc {
    private FullGc() {}

    /**
     * A full collection, then waits until the reference handler has processed what it found (the
     * cleaners of direct buffers run on that thread; a weak reference cleared by the same
     * collection is enqueued by it), twice over.
     */
    static void run() {
        try {
            for (int i = 0; i < 2; i++) {
                ReferenceQueue<Object> queue = new ReferenceQueue<>();
                WeakReference<Object> probe = new WeakReference<>(new Object(), queue);
                System.gc();
                if (queue.remove(10_000) != probe) {
                    throw new IllegalStateException("System.gc() did not clear a weak reference");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
