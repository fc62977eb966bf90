package io.sparsesweep.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptTimesTest {
    private static JobBuilder job() {
        return new JobBuilder()
                .withNewMetadata()
                .withName("s-t-a1")
                .withCreationTimestamp("2026-11-30T01:00:00Z")
                .endMetadata();
    }

    private static ContainerStateTerminated trainer(String started, String finished) {
        return new ContainerStateTerminatedBuilder()
                .withStartedAt(started)
                .withFinishedAt(finished)
                .build();
    }

    @Test
    void queueWaitIsJobCreationToTrainerStartAndDurationTheTrainersRun() {
        Job job =
                job().withNewStatus()
                        .withStartTime("2026-11-30T01:00:01Z")
                        .withCompletionTime("2026-11-30T02:00:00Z")
                        .endStatus()
                        .build();
        AttemptTimes t =
                AttemptTimes.of(job, trainer("2026-11-30T01:02:00Z", "2026-11-30T01:12:30Z"));
        // the container's times win over the Job's (image pull and scheduling are queue wait)
        assertThat(t.queueWait()).contains(Duration.ofMinutes(2));
        assertThat(t.duration()).contains(Duration.ofSeconds(630));
    }

    @Test
    void withoutTheTrainersStateTheJobsTimesStandIn() {
        Job completed =
                job().withNewStatus()
                        .withStartTime("2026-11-30T01:00:05Z")
                        .withCompletionTime("2026-11-30T01:10:05Z")
                        .endStatus()
                        .build();
        assertThat(AttemptTimes.of(completed, null))
                .isEqualTo(
                        new AttemptTimes(
                                java.util.Optional.of(Duration.ofSeconds(5)),
                                java.util.Optional.of(Duration.ofMinutes(10))));
        Job failed =
                job().withNewStatus()
                        .withStartTime("2026-11-30T01:00:05Z")
                        .addNewCondition()
                        .withType("Failed")
                        .withStatus("True")
                        .withLastTransitionTime("2026-11-30T01:00:35Z")
                        .endCondition()
                        .endStatus()
                        .build();
        assertThat(AttemptTimes.of(failed, null).duration()).contains(Duration.ofSeconds(30));
    }

    @Test
    void missingUnreadableOrBackwardsTimesGiveNothingRatherThanAWrongFigure() {
        assertThat(AttemptTimes.of(job().build(), null))
                .isEqualTo(
                        new AttemptTimes(java.util.Optional.empty(), java.util.Optional.empty()));
        AttemptTimes garbled = AttemptTimes.of(job().build(), trainer("yesterday", null));
        assertThat(garbled.queueWait()).isEmpty();
        AttemptTimes backwards =
                AttemptTimes.of(
                        job().build(), trainer("2026-11-30T00:59:00Z", "2026-11-30T00:58:00Z"));
        assertThat(backwards.queueWait()).isEmpty();
        assertThat(backwards.duration()).isEmpty();
    }
}
