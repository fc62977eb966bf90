package io.sparsesweep.operator.config;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.sparsesweep.crd.PodTemplateOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the operator is configured with (the Helm chart's {@code config.yaml} plus flags or
 * environment). Sweep fields, when set, win over these defaults.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param defaultParallelism parallelism of sweeps that set none
 * @param maxActiveTrials most unfinished trial Jobs across all watched sweeps (0: no cap)
 * @param trainerImage image of trial Jobs when a sweep sets none
 * @param fittingImage image of fitting Jobs; null: {@link #OWN_IMAGE}, the operator's own (never a
 *     sweep's trainer image)
 * @param imagePullPolicy pull policy of trial and fitting containers (null: cluster default)
 * @param kueueQueue Kueue queue when a sweep sets none (null: none)
 * @param kueuePriorityClass Kueue workload priority class (null: none)
 * @param trainerResources default trainer CPU/memory
 * @param fittingResources fitter CPU/memory
 * @param trialServiceAccount service account of trial pods (null: namespace default)
 * @param fittingServiceAccount service account of the fitting Job (it needs no permission and gets
 *     no token)
 * @param podSecurityContext pod security context of trial and fitting pods (null: none)
 * @param securityContext container security context (null: none)
 * @param tmpSizeLimit size of the /tmp emptyDir in trial and fitting pods (null: no /tmp volume)
 * @param acceleratorProfiles named placements
 * @param fitCommand command of the fitting container; {@code --input DIR} is added
 * @param resync how often every sweep is reconciled even without events
 * @param jobCreationConcurrency most Job creations in flight at once across the operator (one pool
 *     shared by all reconciles); 0 or less: {@link #DEFAULT_JOB_CREATION_CONCURRENCY}
 * @param podLogFormat log format the trial and fitting pods are told to use ({@code text} or {@code
 *     json}); the operator passes its own, so one install logs one way (null: text)
 * @param guardRails what sweep authors may name in spec.trainer (null: no limits)
 * @param trialStartDeadline how long a trial Job may have no pod at all before its attempt fails
 *     (null: {@link #DEFAULT_TRIAL_START_DEADLINE}; zero: forever)
 * @param podTemplate labels, annotations, affinity, PriorityClass and pull Secrets of every sweep's
 *     Jobs (Helm value {@code sweeps.podTemplate}); a profile's and the sweep's own are merged over
 *     it (null: none)
 */
public record OperatorSettings(
        Set<String> watchNamespaces,
        int defaultParallelism,
        int maxActiveTrials,
        String trainerImage,
        String fittingImage,
        String imagePullPolicy,
        String kueueQueue,
        String kueuePriorityClass,
        ResourceRequirements trainerResources,
        ResourceRequirements fittingResources,
        String trialServiceAccount,
        String fittingServiceAccount,
        PodSecurityContext podSecurityContext,
        SecurityContext securityContext,
        String tmpSizeLimit,
        Map<String, AcceleratorProfile> acceleratorProfiles,
        List<String> fitCommand,
        Duration resync,
        int jobCreationConcurrency,
        String podLogFormat,
        GuardRails guardRails,
        Duration trialStartDeadline,
        PodTemplateOptions podTemplate) {

    /**
     * Default {@link #trialStartDeadline}: far beyond the seconds the Job controller needs to
     * create a pod, short enough that a sweep whose pods can never be created fails the same day.
     */
    public static final Duration DEFAULT_TRIAL_START_DEADLINE = Duration.ofMinutes(10);

    /**
     * Default {@link #jobCreationConcurrency}: enough that a 1000-trial sweep's Jobs exist within
     * seconds, few enough not to crowd the API server's max-requests-in-flight (400 by default).
     */
    public static final int DEFAULT_JOB_CREATION_CONCURRENCY = 16;

    /**
     * Default fitting command: the fit-sweep mode, which needs no TensorFlow; the operator image
     * and the runner image both have this launcher on their PATH.
     */
    public static final List<String> DEFAULT_FIT_COMMAND =
            List.of("sparsesweep", "operator", "fit-sweep");

    /** The operator's own image as this build publishes it ({@code operator/pom.xml}). */
    public static final String OWN_IMAGE = "sparsesweep/operator:" + BuildInfo.version();

    public OperatorSettings {
        watchNamespaces = watchNamespaces == null ? Set.of() : Set.copyOf(watchNamespaces);
        acceleratorProfiles =
                acceleratorProfiles == null ? Map.of() : Map.copyOf(acceleratorProfiles);
        fittingImage = fittingImage == null || fittingImage.isBlank() ? OWN_IMAGE : fittingImage;
        fitCommand =
                fitCommand == null || fitCommand.isEmpty()
                        ? DEFAULT_FIT_COMMAND
                        : List.copyOf(fitCommand);
        resync = resync == null ? Duration.ofMinutes(2) : resync;
        jobCreationConcurrency =
                jobCreationConcurrency > 0
                        ? jobCreationConcurrency
                        : DEFAULT_JOB_CREATION_CONCURRENCY;
        podLogFormat = podLogFormat == null || podLogFormat.isBlank() ? "text" : podLogFormat;
        guardRails = guardRails == null ? GuardRails.NONE : guardRails;
        trialStartDeadline =
                trialStartDeadline == null ? DEFAULT_TRIAL_START_DEADLINE : trialStartDeadline;
    }

    /** Settings with nothing configured: every default, all namespaces. */
    public static OperatorSettings defaults() {
        return new OperatorSettings(
                Set.of(),
                1,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "sparsesweep-fitting",
                null,
                null,
                null,
                Map.of(),
                null,
                null,
                0,
                null,
                GuardRails.NONE,
                null,
                null);
    }

    /**
     * Whether some accelerator profile spans more than one host, so that trials may run as JobSets
     * (the operator then watches JobSets; the chart grants them with {@code rbac.jobSets}).
     */
    public boolean usesJobSets() {
        return acceleratorProfiles.values().stream().anyMatch(p -> p.hosts() > 1);
    }

    /** A copy watching the given namespaces (empty: all). */
    public OperatorSettings withWatchNamespaces(Set<String> namespaces) {
        return with(c -> c.watchNamespaces = namespaces);
    }

    /** A copy with the given default trainer and fitting image. */
    public OperatorSettings withImages(String trainer, String fitting) {
        return with(
                c -> {
                    c.trainerImage = trainer;
                    c.fittingImage = fitting;
                });
    }

    /** A copy with the given accelerator profiles. */
    public OperatorSettings withProfiles(Map<String, AcceleratorProfile> profiles) {
        return with(c -> c.acceleratorProfiles = profiles);
    }

    /** A copy with a cluster-wide cap on unfinished trial Jobs (0: no cap). */
    public OperatorSettings withMaxActiveTrials(int cap) {
        return with(c -> c.maxActiveTrials = cap);
    }

    /** A copy with at most {@code n} Job creations in flight (0 or less: the default). */
    public OperatorSettings withJobCreationConcurrency(int n) {
        return with(c -> c.jobCreationConcurrency = n);
    }

    /** A copy whose trial and fitting pods log in {@code format} ({@code text} or {@code json}). */
    public OperatorSettings withPodLogFormat(String format) {
        return with(c -> c.podLogFormat = format);
    }

    /** Whether trial and fitting pods are told to log one JSON object per line. */
    public boolean podsLogJson() {
        return "json".equals(podLogFormat);
    }

    /** A copy with the given trial start deadline (zero: none). */
    public OperatorSettings withTrialStartDeadline(Duration deadline) {
        return with(c -> c.trialStartDeadline = deadline);
    }

    /** A copy whose sweeps' Jobs get {@code template} under their own pod-template controls. */
    public OperatorSettings withPodTemplate(PodTemplateOptions template) {
        return with(c -> c.podTemplate = template);
    }

    /** A copy with the given guard rails. */
    public OperatorSettings withGuardRails(GuardRails rails) {
        return with(c -> c.guardRails = rails);
    }

    /** A copy with {@code change} made: each {@code with...} names only what it changes. */
    private OperatorSettings with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /**
     * A mutable copy of every component, so each {@code with...} names only what it changes (and a
     * new component is added here once, not in every wither).
     */
    private static final class Copy {
        private Set<String> watchNamespaces;
        private int defaultParallelism;
        private int maxActiveTrials;
        private String trainerImage;
        private String fittingImage;
        private String imagePullPolicy;
        private String kueueQueue;
        private String kueuePriorityClass;
        private ResourceRequirements trainerResources;
        private ResourceRequirements fittingResources;
        private String trialServiceAccount;
        private String fittingServiceAccount;
        private PodSecurityContext podSecurityContext;
        private SecurityContext securityContext;
        private String tmpSizeLimit;
        private Map<String, AcceleratorProfile> acceleratorProfiles;
        private List<String> fitCommand;
        private Duration resync;
        private int jobCreationConcurrency;
        private String podLogFormat;
        private GuardRails guardRails;
        private Duration trialStartDeadline;
        private PodTemplateOptions podTemplate;

        Copy(OperatorSettings from) {
            watchNamespaces = from.watchNamespaces;
            defaultParallelism = from.defaultParallelism;
            maxActiveTrials = from.maxActiveTrials;
            trainerImage = from.trainerImage;
            fittingImage = from.fittingImage;
            imagePullPolicy = from.imagePullPolicy;
            kueueQueue = from.kueueQueue;
            kueuePriorityClass = from.kueuePriorityClass;
            trainerResources = from.trainerResources;
            fittingResources = from.fittingResources;
            trialServiceAccount = from.trialServiceAccount;
            fittingServiceAccount = from.fittingServiceAccount;
            podSecurityContext = from.podSecurityContext;
            securityContext = from.securityContext;
            tmpSizeLimit = from.tmpSizeLimit;
            acceleratorProfiles = from.acceleratorProfiles;
            fitCommand = from.fitCommand;
            resync = from.resync;
            jobCreationConcurrency = from.jobCreationConcurrency;
            podLogFormat = from.podLogFormat;
            guardRails = from.guardRails;
            trialStartDeadline = from.trialStartDeadline;
            podTemplate = from.podTemplate;
        }

        OperatorSettings build() {
            return new OperatorSettings(
                    watchNamespaces,
                    defaultParallelism,
                    maxActiveTrials,
                    trainerImage,
                    fittingImage,
                    imagePullPolicy,
                    kueueQueue,
                    kueuePriorityClass,
                    trainerResources,
                    fittingResources,
                    trialServiceAccount,
                    fittingServiceAccount,
                    podSecurityContext,
                    securityContext,
                    tmpSizeLimit,
                    acceleratorProfiles,
                    fitCommand,
                    resync,
                    jobCreationConcurrency,
                    podLogFormat,
                    guardRails,
                    trialStartDeadline,
                    podTemplate);
        }
    }
}
