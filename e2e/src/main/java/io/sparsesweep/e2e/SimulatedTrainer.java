package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the trainer inside kwok's container-less pods: for every new pod that matches a label
 * selector it asks a {@link Policy} what this attempt does (report a result, crash, be preempted,
 * or keep running) and writes the answer as {@link SimAnnotations} on the pod. kwok then moves the
 * pod to Succeeded/Failed with that termination message, as a kubelet would after the real trainer
 * exited. Each pod is decided once (by UID), so a retried trial gets a fresh decision.
 */
public final class SimulatedTrainer implements AutoCloseable {

    /** What one pod (one attempt) does. */
    public record Verdict(String outcome, String result, int delayMillis, int exitCode) {
        public static Verdict succeed(String terminationMessage, int delayMillis) {
            return new Verdict("succeed", terminationMessage, delayMillis, 0);
        }

        public static Verdict fail(int exitCode, String terminationMessage, int delayMillis) {
            return new Verdict("fail", terminationMessage, delayMillis, exitCode);
        }

        public static Verdict preempt(int delayMillis) {
            return new Verdict("preempt", null, delayMillis, 137);
        }

        public Map<String, String> annotations() {
            Map<String, String> a = new LinkedHashMap<>();
            a.put(SimAnnotations.OUTCOME, outcome);
            a.put(SimAnnotations.DELAY_MS, Integer.toString(delayMillis));
            if (result != null) {
                a.put(SimAnnotations.RESULT, result);
            }
            if ("fail".equals(outcome)) {
                a.put(SimAnnotations.EXIT_CODE, Integer.toString(exitCode));
            }
            return a;
        }
    }

    /** Decides a pod's fate; empty leaves it running (a trainer that never reports). */
    @FunctionalInterface
    public interface Policy {
        Optional<Verdict> decide(Pod pod) throws Exception;
    }

    private final KubernetesClient client;
    private final Policy policy;
    private final SharedIndexInformer<Pod> informer;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Throwable> errors = new ConcurrentHashMap<>();

    private SimulatedTrainer(
            KubernetesClient client, String namespace, String labelSelector, Policy policy) {
        this.client = client;
        this.policy = policy;
        var pods =
                namespace == null
                        ? client.pods().inAnyNamespace().withLabelSelector(labelSelector)
                        : client.pods().inNamespace(namespace).withLabelSelector(labelSelector);
        this.informer =
                pods.inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Pod pod) {
                                consider(pod);
                            }

                            @Override
                            public void onUpdate(Pod old, Pod pod) {
                                consider(pod);
                            }

                            @Override
                            public void onDelete(Pod pod, boolean unknownFinalState) {}
                        },
                        0);
    }

    /**
     * Starts watching pods in {@code namespace} (null: all namespaces) that match {@code
     * labelSelector} (e.g. {@code app.kubernetes.io/managed-by=sparsesweep}).
     */
    public static SimulatedTrainer start(
            KubernetesClient client, String namespace, String labelSelector, Policy policy) {
        return new SimulatedTrainer(client, namespace, labelSelector, policy);
    }

    private void consider(Pod pod) {
        var meta = pod.getMetadata();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean decided =
                meta.getAnnotations() != null
                        && meta.getAnnotations().containsKey(SimAnnotations.OUTCOME);
        if (decided
                || pod.getSpec().getNodeName() == null // not scheduled: nothing runs yet
                || meta.getDeletionTimestamp() != null
                || "Succeeded".equals(phase)
                || "Failed".equals(phase)
                || !seen.add(meta.getUid())) {
            return;
        }
        workers.submit(() -> decideAndAnnotate(pod));
    }

    private void decideAndAnnotate(Pod pod) {
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        try {
            Optional<Verdict> verdict = policy.decide(pod);
            if (verdict.isEmpty()) {
                counts.computeIfAbsent("running", k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            // Counted when decided, not after the patch returns: across an API server restart a
            // patch can land while its response is lost, and by the retry the pod has finished and
            // its Job been removed (404). That pod did run its verdict; counting only acknowledged
            // patches under-counted it (DrillsIT saw 39 of 40). Each UID is decided once, so a
            // trial that needed a second pod still shows up as one decision too many.
            counts.computeIfAbsent(verdict.get().outcome(), k -> new AtomicInteger())
                    .incrementAndGet();
            Map<String, Object> patch =
                    Map.of("metadata", Map.of("annotations", verdict.get().annotations()));
            annotate(pod, io.fabric8.kubernetes.client.utils.Serialization.asJson(patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) { // the pod is gone already: nothing to simulate
                // The code and the cause, which Fabric8's message leaves out, say what went wrong
                // when a failed assertion prints this map.
                errors.put(
                        name,
                        new IllegalStateException(
                                "code %d: %s (cause: %s)"
                                        .formatted(e.getCode(), e.getMessage(), e.getCause()),
                                e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | AssertionError e) {
            errors.put(name, e);
        }
    }

    /**
     * Writes the verdict, riding out an API server that is down or overloaded (a drill restarts
     * it): the client's own retries give up after ~20 s, and a pod whose verdict is lost would run
     * forever, so its sweep would never complete. A 4xx is final (404: the pod is gone).
     */
    private void annotate(Pod pod, String patch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long backoffMillis = 250;
        while (true) {
            try {
                client.pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                // No HTTP code (Fabric8 gives -1, sometimes 0) is an I/O failure: the API server
                // is restarting. A lost connection was read as final and failed the drill once.
                boolean transient_ = e.getCode() <= 0 || e.getCode() == 429 || e.getCode() >= 500;
                if (!transient_ || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(4000, backoffMillis * 2);
            }
        }
    }

    /**
     * How many pods were given each outcome so far ({@code succeed}, {@code fail}, {@code preempt},
     * ...): one per pod UID, counted when decided.
     */
    public int count(String outcome) {
        AtomicInteger n = counts.get(outcome);
        return n == null ? 0 : n.get();
    }

    /**
     * Pods whose decision or annotation failed, with the cause (a test should assert this is
     * empty).
     */
    public Map<String, Throwable> errors() {
        return Map.copyOf(errors);
    }

    @Override
    public void close() {
        informer.close();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
