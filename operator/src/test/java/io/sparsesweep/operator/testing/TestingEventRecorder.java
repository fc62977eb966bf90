package io.sparsesweep.operator.testing;

import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.kube.EventRecorder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keeps events in memory: "Type Reason: message". Thread-safe: trial Jobs are created, and their
 * events recorded, on several threads at once.
 */
public final class TestingEventRecorder implements EventRecorder {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void normal(SparseSweep sweep, String reason, String message) {
        events.add("Normal " + reason + ": " + message);
    }

    @Override
    public void warning(SparseSweep sweep, String reason, String message) {
        events.add("Warning " + reason + ": " + message);
    }

    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Reasons in order. */
    public List<String> reasons() {
        return events().stream().map(e -> e.substring(e.indexOf(' ') + 1, e.indexOf(':'))).toList();
    }
}
