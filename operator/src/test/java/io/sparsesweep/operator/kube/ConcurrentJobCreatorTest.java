package io.sparsesweep.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.operator.testing.TestingJobGateway;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Concurrent creation of a batch of Jobs against the in-memory gateway (no cluster). */
class ConcurrentJobCreatorTest {
    private static List<Job> batch(int n) {
        return IntStream.range(0, n)
                .mapToObj(
                        i ->
                                new JobBuilder()
                                        .withNewMetadata()
                                        .withName(String.format("sweep-t%03d-a1", i))
                                        .withNamespace("research")
                                        .addToLabels(SweepNames.LABEL_SWEEP, "sweep")
                                        .endMetadata()
                                        .build())
                .toList();
    }

    @Test
    void createsEveryJobWithBoundedConcurrency() {
        TestingJobGateway gateway = new TestingJobGateway().withLatency(20);
        ConcurrentJobCreator creator = new ConcurrentJobCreator(gateway, 8);
        Set<String> recorded = ConcurrentHashMap.newKeySet();

        List<ConcurrentJobCreator.Outcome> outcomes =
                creator.createAll(batch(96), j -> recorded.add(j.getMetadata().getName()));

        assertThat(outcomes).hasSize(96).allSatisfy(o -> assertThat(o.created()).isTrue());
        assertThat(outcomes.stream().map(o -> o.job().getMetadata().getName()))
                .as("outcomes in the batch's order")
                .containsExactlyElementsOf(
                        batch(96).stream().map(j -> j.getMetadata().getName()).toList());
        assertThat(gateway.jobsOf("research", "sweep")).hasSize(96);
        assertThat(recorded).hasSize(96);
        assertThat(gateway.maxInFlight()).as("the bound").isLessThanOrEqualTo(8);
        assertThat(gateway.maxInFlight()).as("creates overlapped").isGreaterThan(1);
    }

    @Test
    void aFailedCreateLosesNoneOfTheOthers() {
        TestingJobGateway gateway = new TestingJobGateway().withLatency(5);
        gateway.failOn("sweep-t007-a1");
        gateway.failOn("sweep-t031-a1");
        ConcurrentJobCreator creator = new ConcurrentJobCreator(gateway, 4);
        Set<String> recorded = ConcurrentHashMap.newKeySet();

        List<ConcurrentJobCreator.Outcome> outcomes =
                creator.createAll(batch(40), j -> recorded.add(j.getMetadata().getName()));

        assertThat(outcomes.stream().filter(ConcurrentJobCreator.Outcome::failed))
                .extracting(o -> o.job().getMetadata().getName())
                .containsExactly("sweep-t007-a1", "sweep-t031-a1");
        assertThat(outcomes.stream().filter(ConcurrentJobCreator.Outcome::failed))
                .allSatisfy(
                        o -> {
                            assertThat(o.created()).isFalse();
                            assertThat(o.failure())
                                    .isInstanceOf(KubernetesClientException.class)
                                    .hasMessageContaining("injected failure");
                        });
        assertThat(outcomes.stream().filter(ConcurrentJobCreator.Outcome::created)).hasSize(38);
        assertThat(recorded)
                .as("bookkeeping for every Job created, none for the failed")
                .hasSize(38)
                .doesNotContain("sweep-t007-a1", "sweep-t031-a1");
        assertThat(gateway.jobs()).hasSize(38);

        // The next pass asks for the same batch: the two are made, nothing is made twice.
        gateway.heal();
        recorded.clear();
        List<ConcurrentJobCreator.Outcome> again =
                creator.createAll(batch(40), j -> recorded.add(j.getMetadata().getName()));
        assertThat(again).noneMatch(ConcurrentJobCreator.Outcome::failed);
        assertThat(recorded).containsExactlyInAnyOrder("sweep-t007-a1", "sweep-t031-a1");
        assertThat(gateway.jobs()).hasSize(40);
    }

    @Test
    void aFailingBookkeepingStepChangesNoOutcome() {
        TestingJobGateway gateway = new TestingJobGateway();
        List<ConcurrentJobCreator.Outcome> outcomes =
                new ConcurrentJobCreator(gateway, 4)
                        .createAll(
                                batch(10),
                                j -> {
                                    throw new IllegalStateException("event API down");
                                });
        assertThat(outcomes).hasSize(10).allMatch(ConcurrentJobCreator.Outcome::created);
        assertThat(gateway.jobs()).hasSize(10);
    }

    @Test
    void concurrencyOneCreatesOneAtATimeOnTheCallersThread() {
        TestingJobGateway gateway = new TestingJobGateway().withLatency(2);
        Thread caller = Thread.currentThread();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<ConcurrentJobCreator.Outcome> outcomes =
                new ConcurrentJobCreator(gateway, 1)
                        .createAll(batch(12), j -> threads.add(Thread.currentThread()));
        assertThat(outcomes).allMatch(ConcurrentJobCreator.Outcome::created);
        assertThat(gateway.maxInFlight()).isEqualTo(1);
        assertThat(threads).containsExactly(caller);
    }

    @Test
    void concurrencyBelowOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ConcurrentJobCreator(new TestingJobGateway(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobCreationConcurrency")
                .hasMessageContaining("0");
    }
}
