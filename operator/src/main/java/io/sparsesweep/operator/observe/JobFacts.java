package io.sparsesweep.operator.observe;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.sparsesweep.crd.SweepNames;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What a Job object says about itself (conditions, role, owner). Reads only. */
public final class JobFacts {
    private JobFacts() {}

    /** The Job's condition of this type with status True, if any. */
    public static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    /** Whether the Job has the condition with status True. */
    public static boolean hasCondition(Job job, String type) {
        return condition(job, type).isPresent();
    }

    /** Whether the Job completed or failed. */
    public static boolean finished(Job job) {
        return hasCondition(job, "Complete") || hasCondition(job, "Failed");
    }

    /** Whether the Job is a trial Job (by its role label). */
    public static boolean trial(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        return labels != null && SweepNames.ROLE_TRIAL.equals(labels.get(SweepNames.LABEL_ROLE));
    }

    /**
     * The attempt of a trial Job the operator made: its attempt label, when that is a number and
     * the Job's name is the one the operator gives that attempt. Empty for anything else, e.g. a
     * hand-made Job that copies our labels (its attempt label may be any text; reading it must not
     * fail a reconcile, and it must not count as one of the trial's attempts).
     */
    public static OptionalInt attempt(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        if (labels == null) {
            return OptionalInt.empty();
        }
        String text = labels.get(SweepNames.LABEL_ATTEMPT);
        if (text == null || !text.matches("[1-9][0-9]{0,5}")) {
            return OptionalInt.empty();
        }
        int attempt = Integer.parseInt(text);
        String expected =
                SweepNames.trialJobName(
                        labels.get(SweepNames.LABEL_SWEEP),
                        labels.get(SweepNames.LABEL_TRIAL),
                        attempt);
        return expected.equals(job.getMetadata().getName())
                ? OptionalInt.of(attempt)
                : OptionalInt.empty();
    }

    /** Whether the Job is an unfinished trial Job, not being deleted (it holds a slot). */
    public static boolean activeTrial(Job job) {
        return trial(job) && job.getMetadata().getDeletionTimestamp() == null && !finished(job);
    }

    /** Whether the sweep with this uid owns the Job. */
    public static boolean ownedBy(Job job, String uid) {
        return uid != null
                && job.getMetadata().getOwnerReferences() != null
                && job.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> uid.equals(o.getUid()));
    }
}
