package io.sparsesweep.operator.observe;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a finished trial attempt waited and ran, from its Job and the trainer container's terminated
 * state: queue wait from the Job's creation to the trainer's start (Kueue admission, scheduling,
 * image pull), duration from the trainer's start to its end. Without the container's state (its pod
 * is gone) the Job's own start and completion times stand in. Pure.
 */
public record AttemptTimes(Optional<Duration> queueWait, Optional<Duration> duration) {

    /** The times of a finished attempt; empty parts where a timestamp is missing. */
    public static AttemptTimes of(Job job, ContainerStateTerminated trainer) {
        Optional<Instant> created = instant(job.getMetadata().getCreationTimestamp());
        Optional<Instant> started =
                instant(trainer == null ? null : trainer.getStartedAt())
                        .or(
                                () ->
                                        instant(
                                                job.getStatus() == null
                                                        ? null
                                                        : job.getStatus().getStartTime()));
        Optional<Instant> finished =
                instant(trainer == null ? null : trainer.getFinishedAt())
                        .or(
                                () ->
                                        instant(
                                                job.getStatus() == null
                                                        ? null
                                                        : job.getStatus().getCompletionTime()))
                        .or(() -> terminalConditionTime(job));
        return new AttemptTimes(between(created, started), between(started, finished));
    }

    private static Optional<Instant> terminalConditionTime(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> "True".equals(c.getStatus()))
                .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                .map(JobCondition::getLastTransitionTime)
                .map(AttemptTimes::instant)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<Duration> between(Optional<Instant> from, Optional<Instant> to) {
        if (from.isEmpty() || to.isEmpty() || to.get().isBefore(from.get())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(from.get(), to.get()));
    }

    private static Optional<Instant> instant(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(rfc3339));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
