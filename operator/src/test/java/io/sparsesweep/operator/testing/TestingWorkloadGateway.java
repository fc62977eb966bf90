package io.sparsesweep.operator.testing;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.operator.kube.WorkloadGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link WorkloadGateway}: the Workloads "Kueue made" (one per Job uid, added by the
 * test with {@link #kueueMade}), their {@code spec.active}, and every call in order. Without {@link
 * #kueueInstalled} every call is {@code NO_KUEUE}, as on a cluster without Kueue.
 */
public final class TestingWorkloadGateway implements WorkloadGateway {
    /** One call: the Job's name, the wanted {@code spec.active} and what was answered. */
    public record Call(String job, boolean active, Outcome outcome) {}

    private final Map<String, Boolean> activeByJobUid = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private volatile boolean installed;

    /** The Workload API is served from now on. */
    public TestingWorkloadGateway kueueInstalled() {
        installed = true;
        return this;
    }

    /** Kueue made an active Workload for the Job. */
    public void kueueMade(Job job) {
        activeByJobUid.put(job.getMetadata().getUid(), true);
    }

    /** The {@code spec.active} of the Job's Workload, null when it has none. */
    public Boolean active(Job job) {
        return activeByJobUid.get(job.getMetadata().getUid());
    }

    @Override
    public synchronized Outcome setActive(Job job, boolean active) {
        Outcome outcome;
        if (!installed) {
            outcome = Outcome.NO_KUEUE;
        } else if (activeByJobUid.replace(job.getMetadata().getUid(), active) == null) {
            outcome = Outcome.NO_WORKLOAD;
        } else {
            outcome = Outcome.DONE;
        }
        calls.add(new Call(job.getMetadata().getName(), active, outcome));
        return outcome;
    }

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }
}
