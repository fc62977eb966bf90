package io.sparsesweep.operator.jobset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * The part of kubernetes-sigs/jobset's {@code jobset.x-k8s.io/v1alpha2} JobSet the operator writes
 * and reads (field names as in its {@code api/jobset/v1alpha2/jobset_types.go}); fields it does not
 * know are ignored on read and never sent. Fabric8 ships no JobSet model.
 */
@Group(JobSet.GROUP)
@Version(JobSet.VERSION)
@Kind("JobSet")
@Plural("jobsets")
public class JobSet extends CustomResource<JobSet.Spec, JobSet.Status> implements Namespaced {
    public static final String GROUP = "jobset.x-k8s.io";
    public static final String VERSION = "v1alpha2";

    /** JobSet label on its Jobs and pods: the JobSet's name. */
    public static final String LABEL_NAME = "jobset.sigs.k8s.io/jobset-name";

    /** JobSet label on its Jobs and pods: the JobSet's uid. */
    public static final String LABEL_UID = "jobset.sigs.k8s.io/jobset-uid";

    /** JobSet label on its Jobs and pods: the index of the Job within its replicated Job. */
    public static final String LABEL_JOB_INDEX = "jobset.sigs.k8s.io/job-index";

    /** JobSet label on its Jobs and pods: how many times the JobSet was restarted when made. */
    public static final String LABEL_RESTART_ATTEMPT = "jobset.sigs.k8s.io/restart-attempt";

    /** Annotation: the node label whose every value (node pool) holds at most one Job. */
    public static final String EXCLUSIVE_TOPOLOGY = "alpha.jobset.sigs.k8s.io/exclusive-topology";

    @Override
    protected Spec initSpec() {
        return null;
    }

    @Override
    protected Status initStatus() {
        return null;
    }

    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(
            List<ReplicatedJob> replicatedJobs,
            Network network,
            SuccessPolicy successPolicy,
            FailurePolicy failurePolicy,
            Boolean suspend) {}

    /** {@code spec.replicatedJobs[]}: {@code replicas} identical Jobs from one template. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplicatedJob(String name, Integer replicas, JobTemplateSpec template) {}

    /** {@code spec.network}: a headless Service so pods reach each other by hostname. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Network(Boolean enableDNSHostnames, String subdomain) {}

    /** {@code spec.successPolicy}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SuccessPolicy(String operator) {}

    /** {@code spec.failurePolicy}: restarts of the whole JobSet and the rules choosing them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FailurePolicy(Integer maxRestarts, List<Rule> rules) {}

    /**
     * {@code spec.failurePolicy.rules[]}: the first rule matching the first failed Job's failure
     * reason and message (regular expressions) picks the action.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rule(
            String name,
            String action,
            List<String> onJobFailureReasons,
            List<String> onJobFailureMessagePatterns) {}

    /** {@code status}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(
            List<Condition> conditions,
            Integer restarts,
            Integer restartsCountTowardsMax,
            String terminalState) {}
}
