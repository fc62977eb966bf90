package io.sparsesweep.operator.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The logging context (SLF4J's MDC) that the JSON log format turns into fields: the sweep's
 * namespace and name under the keys JOSDK itself sets while it reconciles a resource, and the
 * trial, attempt and Job. Scoped: {@link Scope#close()} restores what was there, so a context never
 * leaks into the next task of a pooled thread.
 */
public final class LogContext {
    /** The sweep's namespace (JOSDK's key, set by JOSDK during a reconcile). */
    public static final String NAMESPACE = "resource.namespace";

    /** The sweep's name (JOSDK's key). */
    public static final String SWEEP = "resource.name";

    public static final String TRIAL = "trial";
    public static final String ATTEMPT = "attempt";
    public static final String JOB = "job";

    private LogContext() {}

    /** A context that puts its keys while open and restores the previous values on close. */
    public static final class Scope implements AutoCloseable {
        private final List<String[]> previous = new ArrayList<>();

        private Scope() {}

        private Scope put(String key, Object value) {
            if (value != null) {
                previous.add(new String[] {key, MDC.get(key)});
                MDC.put(key, value.toString());
            }
            return this;
        }

        @Override
        public void close() {
            for (int i = previous.size() - 1; i >= 0; i--) {
                String[] p = previous.get(i);
                if (p[1] == null) {
                    MDC.remove(p[0]);
                } else {
                    MDC.put(p[0], p[1]);
                }
            }
        }
    }

    /** The sweep's namespace and name (outside JOSDK's reconcile threads). */
    public static Scope sweep(String namespace, String name) {
        return new Scope().put(NAMESPACE, namespace).put(SWEEP, name);
    }

    /** A trial attempt and its Job; nulls are left out. */
    public static Scope trial(String trial, Integer attempt, String job) {
        return new Scope().put(TRIAL, trial).put(ATTEMPT, attempt).put(JOB, job);
    }

    /** The caller's whole context, to hand to a task on another thread. */
    public static Map<String, String> capture() {
        Map<String, String> m = MDC.getCopyOfContextMap();
        return m == null ? Map.of() : m;
    }

    /**
     * Calls {@code task} with {@code context} as the thread's context (a context captured on the
     * submitting thread), then restores the thread's own.
     */
    public static <T> T with(Map<String, String> context, java.util.function.Supplier<T> task) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.setContextMap(context);
        try {
            return task.get();
        } finally {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }
}
