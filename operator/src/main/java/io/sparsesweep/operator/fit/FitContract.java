package io.sparsesweep.operator.fit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.TrainingSpec;
import java.util.List;

/**
 * What passes between the operator and its fitting Job, both ways. Pure.
 *
 * <p>In: the operator writes the fit's input into the Job's pod template as two annotations, the
 * results CSV built from its own record ({@code status.trials}, never the editable results
 * ConfigMap) and the part of the spec the fit reads ({@code task}, {@code fitting}); a downward-API
 * volume shows them to the container as files in {@link #INPUT_DIR}. The fitting pod therefore
 * needs no API access and no ServiceAccount token.
 *
 * <p>Out: the container prints one line {@code {"sparsesweepFit":1,"status":{...}}} (a {@link
 * FitStatus}) to standard output, the last such line of its log counts, and the operator records it
 * as {@code status.fit}. The log, not the termination message: the report outgrows the message's
 * 4096 bytes.
 */
public final class FitContract {
    /** Where the fitting container finds its input. */
    public static final String INPUT_DIR = "/etc/sparsesweep/fit";

    /** File (in {@link #INPUT_DIR}) holding the results CSV. */
    public static final String RESULTS_FILE = "results.csv";

    /**
     * File (in {@link #INPUT_DIR}) holding {@code {"task":..,"fitting":{..}}} and, when the sweep
     * sets its pruning window, {@code "training":{"pruneStart":..,"pruneEnd":..}}.
     */
    public static final String SPEC_FILE = "spec.json";

    /** Pod annotation carrying {@link #RESULTS_FILE}. */
    public static final String ANNOTATION_RESULTS = SweepNames.PREFIX + "fit-results";

    /** Pod annotation carrying {@link #SPEC_FILE}. */
    public static final String ANNOTATION_SPEC = SweepNames.PREFIX + "fit-spec";

    /** Version of the output line. */
    public static final int OUTPUT_VERSION = 1;

    /** How every output line starts. */
    public static final String OUTPUT_START = "{\"sparsesweepFit\":";

    /** Log lines the operator reads from the end of the fitting container's log. */
    public static final int OUTPUT_TAIL_LINES = 20;

    /** Most log bytes the operator reads; a longer report counts as no report. */
    public static final int OUTPUT_MAX_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FitContract() {}

    /** The spec part the fit reads, as the JSON of {@link #SPEC_FILE}. */
    public static String specJson(SparseSweepSpec spec) {
        SparseSweepSpec part = new SparseSweepSpec();
        part.setTask(spec.getTask());
        part.setFitting(spec.getFitting());
        // The pruning window prices sparse training in the optimal sparsity (SpecFitOptions).
        TrainingSpec t = spec.getTraining();
        if (t != null && (t.getPruneStart() != null || t.getPruneEnd() != null)) {
            TrainingSpec window = new TrainingSpec();
            window.setPruneStart(t.getPruneStart());
            window.setPruneEnd(t.getPruneEnd());
            part.setTraining(window);
        }
        try {
            return JSON.writeValueAsString(part);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise spec.fitting", e);
        }
    }

    /** Reads {@link #SPEC_FILE}. */
    public static SparseSweepSpec readSpec(String json) throws JsonProcessingException {
        return JSON.readValue(json, SparseSweepSpec.class);
    }

    /** The output line for a fit's status. */
    public static String outputLine(FitStatus status) {
        ObjectNode line = JSON.createObjectNode();
        line.put("sparsesweepFit", OUTPUT_VERSION);
        line.set("status", JSON.valueToTree(status));
        return line.toString();
    }

    /**
     * The status in the last output line of a log, or a Failed status saying why there is none.
     * Free text from the log (the fitter's message) is capped; nothing else of the log is echoed.
     */
    public static FitStatus readOutput(String log) {
        List<String> lines = log == null ? List.of() : log.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.startsWith(OUTPUT_START)) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node.path("sparsesweepFit").asInt() != OUTPUT_VERSION) {
                    return failed(
                            "the fitting Job wrote output version "
                                    + node.path("sparsesweepFit").asText()
                                    + "; this operator reads version "
                                    + OUTPUT_VERSION);
                }
                FitStatus status = JSON.treeToValue(node.path("status"), FitStatus.class);
                if (!"Succeeded".equals(status.getState()) && !"Failed".equals(status.getState())) {
                    return failed("the fitting Job's output has no state Succeeded or Failed");
                }
                status.setMessage(SweepLimits.capMessage(status.getMessage()));
                status.setLaw(SweepLimits.capMessage(status.getLaw()));
                return status;
            } catch (JsonProcessingException e) {
                return failed(
                        "the fitting Job's output line is not a fit report: "
                                + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                return failed(
                        "the fitting Job's output line is not a fit report: " + e.getMessage());
            }
        }
        return failed("the fitting Job's log holds no fit report");
    }

    /** A Failed fit status with this reason. */
    public static FitStatus failed(String message) {
        FitStatus status = new FitStatus();
        status.setState("Failed");
        status.setMessage(SweepLimits.capMessage(message));
        return status;
    }
}
