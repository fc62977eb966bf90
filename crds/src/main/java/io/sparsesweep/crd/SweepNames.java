package io.sparsesweep.crd;

/**
 * Every name and label derived from a sweep, in one place: the operator, the CLI and the tests call
 * these instead of concatenating strings. Trial Job names are {@code <sweep>-<id>-a<attempt>}; with
 * an 8-character id and at most 99 attempts a sweep name of up to {@value #MAX_SWEEP_NAME_LENGTH}
 * characters keeps every child name within 63 (a DNS label).
 */
public final class SweepNames {
    /** Longest sweep name whose children still fit 63 characters. */
    public static final int MAX_SWEEP_NAME_LENGTH = 50;

    /** Label prefix of every label and annotation the operator sets. */
    public static final String PREFIX = "sparsesweep.io/";

    /** Label: the owning sweep's name. */
    public static final String LABEL_SWEEP = PREFIX + "sweep";

    /** Label: the trial id. */
    public static final String LABEL_TRIAL = PREFIX + "trial";

    /** Label: the attempt number (1-based). */
    public static final String LABEL_ATTEMPT = PREFIX + "attempt";

    /** Label: {@code trial} or {@code fit}. */
    public static final String LABEL_ROLE = PREFIX + "role";

    /** Role label value of trial Jobs. */
    public static final String ROLE_TRIAL = "trial";

    /** Role label value of the fitting Job. */
    public static final String ROLE_FIT = "fit";

    /** Annotation: the trial's grid point as canonical text. */
    public static final String ANNOTATION_POINT = PREFIX + "point";

    /** Annotation: the sweep generation a child was created for. */
    public static final String ANNOTATION_GENERATION = PREFIX + "spec-generation";

    /** Kueue's queue label. */
    public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

    /** Name of the trainer container in trial pods. */
    public static final String TRAINER_CONTAINER = "trainer";

    /** Name of the fitter container in the fitting Job's pod. */
    public static final String FIT_CONTAINER = "fit";

    /** Key of the CSV inside the results ConfigMap. */
    public static final String RESULTS_KEY = "results.csv";

    private SweepNames() {}

    /** Name of the Job running attempt {@code attempt} (1-based) of a trial. */
    public static String trialJobName(String sweep, String trialId, int attempt) {
        return sweep + "-" + trialId + "-a" + attempt;
    }

    /** Name of the sweep's fitting Job. */
    public static String fitJobName(String sweep) {
        return sweep + "-fit";
    }

    /** Name of the ConfigMap holding the sweep's results CSV. */
    public static String resultsConfigMapName(String sweep) {
        return sweep + "-results";
    }
}
