package io.sparsesweep.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.kube.JobGateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link JobGateway} with the API server's one rule that matters here (a name is
 * created once: a second create is "already there"), a per-create latency so that concurrent
 * creates overlap, chosen names whose create fails, and counters of creates in flight. Thread-safe.
 */
public final class TestingJobGateway implements JobGateway {
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger createCalls = new AtomicInteger();
    private volatile long latencyMillis;

    /** Every create takes this long (a round trip), so concurrent creates overlap. */
    public TestingJobGateway withLatency(long millis) {
        this.latencyMillis = millis;
        return this;
    }

    /** Creating a Job with this name fails with HTTP 500 until {@link #heal}. */
    public void failOn(String name) {
        failing.add(name);
    }

    /** Creates of every name succeed again. */
    public void heal() {
        failing.clear();
        rejection = null;
    }

    private volatile io.fabric8.kubernetes.api.model.Status rejection;

    /**
     * Every create is refused as the API server refuses an invalid or forbidden object: HTTP {@code
     * code} with its Status message.
     */
    public void rejectEveryCreate(int code, String message) {
        rejection =
                new io.fabric8.kubernetes.api.model.StatusBuilder()
                        .withCode(code)
                        .withMessage(message)
                        .withReason(code == 403 ? "Forbidden" : "Invalid")
                        .build();
    }

    @Override
    public boolean create(Job job) {
        createCalls.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            String name = job.getMetadata().getName();
            var refused = rejection;
            if (refused != null) {
                throw new KubernetesClientException(refused);
            }
            if (failing.contains(name)) {
                throw new KubernetesClientException("injected failure creating " + name, 500, null);
            }
            return jobs.putIfAbsent(key(job.getMetadata().getNamespace(), name), job) == null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void delete(String namespace, String name) {
        jobs.remove(key(namespace, name));
    }

    private final Map<String, String> terminations = new ConcurrentHashMap<>();

    /**
     * The named Job completes (condition Complete) and its trainer container ended with exit code 0
     * and this termination message.
     */
    public void complete(String namespace, String name, String terminationMessage) {
        Job job = jobs.get(key(namespace, name));
        job.setStatus(
                new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                        .withSucceeded(1)
                        .addNewCondition()
                        .withType("Complete")
                        .withStatus("True")
                        .endCondition()
                        .build());
        terminations.put(key(namespace, name), terminationMessage);
    }

    @Override
    public void suspend(Job job, boolean suspend, String mark) {
        jobs.computeIfPresent(
                key(job.getMetadata().getNamespace(), job.getMetadata().getName()),
                (k, held) -> {
                    Job changed =
                            new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(held)
                                    .editSpec()
                                    .withSuspend(suspend)
                                    .endSpec()
                                    .build();
                    Map<String, String> a =
                            new java.util.HashMap<>(
                                    changed.getMetadata().getAnnotations() == null
                                            ? Map.of()
                                            : changed.getMetadata().getAnnotations());
                    if (suspend) {
                        a.put(mark, "true");
                    } else {
                        a.remove(mark);
                    }
                    changed.getMetadata().setAnnotations(a);
                    return changed;
                });
    }

    @Override
    public void mark(Job job, String mark, boolean on) {
        jobs.computeIfPresent(
                key(job.getMetadata().getNamespace(), job.getMetadata().getName()),
                (k, held) -> {
                    Job changed =
                            new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(held).build();
                    Map<String, String> a =
                            new java.util.HashMap<>(
                                    changed.getMetadata().getAnnotations() == null
                                            ? Map.of()
                                            : changed.getMetadata().getAnnotations());
                    if (on) {
                        a.put(mark, "true");
                    } else {
                        a.remove(mark);
                    }
                    changed.getMetadata().setAnnotations(a);
                    return changed;
                });
    }

    @Override
    public Optional<ContainerStateTerminated> termination(Job job, String container) {
        String message =
                terminations.get(
                        key(job.getMetadata().getNamespace(), job.getMetadata().getName()));
        return message == null
                ? Optional.empty()
                : Optional.of(
                        new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder()
                                .withExitCode(0)
                                .withMessage(message)
                                .build());
    }

    /** What the named Job's container printed (its pods' log). */
    public void log(String namespace, String job, String text) {
        logs.put(key(namespace, job), text);
    }

    @Override
    public Optional<String> logTail(Job job, String container, int lines, int maxBytes) {
        return Optional.ofNullable(
                logs.get(key(job.getMetadata().getNamespace(), job.getMetadata().getName())));
    }

    @Override
    public void upsert(ConfigMap configMap) {
        configMaps.put(
                key(configMap.getMetadata().getNamespace(), configMap.getMetadata().getName()),
                configMap);
    }

    @Override
    public List<Job> jobsOf(String namespace, String sweep) {
        return jobs.values().stream()
                .filter(j -> namespace.equals(j.getMetadata().getNamespace()))
                .filter(j -> sweep.equals(j.getMetadata().getLabels().get(SweepNames.LABEL_SWEEP)))
                .toList();
    }

    /** Every Job held, any namespace. */
    public List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The most creates that were in flight at the same moment. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Calls to {@link #create}, successful or not. */
    public int createCalls() {
        return createCalls.get();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
