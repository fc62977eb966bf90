package io.sparsesweep.operator.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SpecFitOptions;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.fitting.FitPipeline;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.ResultsCsv;
import io.sparsesweep.fitting.SweepData;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * What the fitting Job runs ({@code sparsesweep operator fit-sweep}): reads the sweep and its
 * results ConfigMap, fits the law with the sweep's fitting options, and writes {@code status.fit}
 * (a JSON Patch of the status subresource; the fitting ServiceAccount may do nothing else). The
 * options come from {@link SpecFitOptions}, as for the local {@code sparsesweep run}.
 */
public final class FitSweep {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FitSweep() {}

    /**
     * Fits a results CSV with the sweep's options. Never throws for bad data: returns state Failed.
     */
    public static FitStatus fit(SparseSweep sweep, String csv, Clock clock) {
        long start = System.nanoTime();
        FitStatus status = new FitStatus();
        try {
            SweepData data =
                    ResultsCsv.parse(
                            SweepNames.resultsConfigMapName(sweep.getMetadata().getName()),
                            new StringReader(csv),
                            ResultsCsv.Columns.defaults());
            FitReport report = FitPipeline.run(data, SpecFitOptions.of(sweep.getSpec()));
            status.setState("Succeeded");
            status.setLaw(law(report.law()));
            status.setObjective(report.objective());
            status.setPoints(report.points());
            status.setNotIdentified(report.diagnostics().notIdentified());
            status.setReport(JSON.readTree(report.toJson()));
        } catch (IOException | RuntimeException e) {
            status.setState("Failed");
            status.setMessage(
                    SweepLimits.capMessage(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        status.setFittedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        status.setDurationSeconds(Math.round((System.nanoTime() - start) / 1e6) / 1e3);
        return status;
    }

    /** The law with its fitted coefficients, on one line. */
    static String law(Map<String, Double> p) {
        return String.format(
                Locale.ROOT,
                "L(S,N,D) = (%.4g*(1-S)^%.4g + %.4g) * N^-%.4g + (%.4g/D)^%.4g + %.4g",
                p.get("aS"),
                p.get("bS"),
                p.get("cS"),
                p.get("bN"),
                p.get("aD"),
                p.get("bD"),
                p.get("c"));
    }

    /** Reads the sweep and its results, fits, and writes status.fit. Returns what was written. */
    public static FitStatus run(
            KubernetesClient client, String namespace, String name, Clock clock) {
        SparseSweep sweep =
                client.resources(SparseSweep.class).inNamespace(namespace).withName(name).get();
        if (sweep == null) {
            throw new IllegalArgumentException(
                    "SparseSweep " + namespace + "/" + name + " not found");
        }
        ConfigMap results =
                client.configMaps()
                        .inNamespace(namespace)
                        .withName(SweepNames.resultsConfigMapName(name))
                        .get();
        FitStatus status;
        if (results == null
                || results.getData() == null
                || !results.getData().containsKey(SweepNames.RESULTS_KEY)) {
            status = new FitStatus();
            status.setState("Failed");
            status.setMessage(
                    "no results: ConfigMap "
                            + SweepNames.resultsConfigMapName(name)
                            + " has no "
                            + SweepNames.RESULTS_KEY);
            status.setFittedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        } else {
            status = fit(sweep, results.getData().get(SweepNames.RESULTS_KEY), clock);
        }
        ArrayNode patch = JSON.createArrayNode();
        if (sweep.getStatus() == null) {
            patch.addObject()
                    .put("op", "add")
                    .put("path", "/status")
                    .set("value", JSON.createObjectNode().set("fit", JSON.valueToTree(status)));
        } else {
            patch.addObject()
                    .put("op", "add")
                    .put("path", "/status/fit")
                    .set("value", JSON.valueToTree(status));
        }
        client.resources(SparseSweep.class)
                .inNamespace(namespace)
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch.toString());
        return status;
    }
}
