package io.sparsesweep.operator.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.core.SpecFitOptions;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.fitting.FitPipeline;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.ResultsCsv;
import io.sparsesweep.fitting.SweepData;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * What the fitting Job runs ({@code sparsesweep operator fit-sweep --input DIR}): reads the input
 * the operator gave it ({@link FitContract}), fits the law with the sweep's fitting options (the
 * mapping {@code sparsesweep run} uses too, {@link SpecFitOptions}) and returns the status the
 * operator records as {@code status.fit}. Touches no API: the operator is the only status writer.
 */
public final class FitSweep {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FitSweep() {}

    /**
     * Fits a results CSV with the spec's options. Never throws for bad data: returns state Failed.
     */
    public static FitStatus fit(SparseSweepSpec spec, String csv, Clock clock) {
        long start = System.nanoTime();
        FitStatus status = new FitStatus();
        try {
            SweepData data =
                    ResultsCsv.parse(
                            FitContract.RESULTS_FILE,
                            new StringReader(csv),
                            ResultsCsv.Columns.defaults());
            FitReport report = FitPipeline.run(data, SpecFitOptions.of(spec));
            status.setState("Succeeded");
            status.setLaw(law(report.law()));
            status.setObjective(report.objective());
            status.setPoints(report.points());
            status.setNotIdentified(report.diagnostics().notIdentified());
            if (report.holdout() != null) {
                status.setHoldoutMeanAbsRelError(report.holdout().meanAbsRelError());
            }
            if (report.crossValidation() != null) {
                status.setCvMeanAbsRelError(report.crossValidation().meanAbsRelError());
            }
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

    /** Reads the input files in {@code dir} and fits. A missing or bad file is a Failed fit. */
    public static FitStatus run(Path dir, Clock clock) {
        String csv;
        SparseSweepSpec spec;
        try {
            csv = Files.readString(dir.resolve(FitContract.RESULTS_FILE), StandardCharsets.UTF_8);
            spec =
                    FitContract.readSpec(
                            Files.readString(
                                    dir.resolve(FitContract.SPEC_FILE), StandardCharsets.UTF_8));
        } catch (IOException e) {
            FitStatus failed = FitContract.failed("cannot read the fit's input: " + e.getMessage());
            failed.setFittedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            return failed;
        }
        return fit(spec, csv, clock);
    }
}
