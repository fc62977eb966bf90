package io.sparsesweep.operator.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.core.result.ResultsCsvWriter;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepSpec;
import io.sparsesweep.operator.testing.TestSweeps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fitting Job's program, and the contract that carries its input in and its fit out. */
class FitSweepTest {
    /** Noise-free losses of a known law, written as the operator writes them. */
    static String knownLawCsv() {
        double aS = 50, bS = 0.5, cS = 5, bN = 0.3, aD = 1e6, bD = 0.3, c = 1.0;
        List<ResultsCsvWriter.Row> rows = new ArrayList<>();
        int i = 0;
        for (double n : new double[] {1e6, 4e6, 1.6e7, 6.4e7}) {
            for (double s : new double[] {0, 0.5, 0.75, 0.875}) {
                for (double d : new double[] {1e7, 1e8, 1e9}) {
                    double loss =
                            (aS * Math.pow(1 - s, bS) + cS) * Math.pow(n, -bN)
                                    + Math.pow(aD / d, bD)
                                    + c;
                    rows.add(
                            new ResultsCsvWriter.Row(
                                    String.format("%08x", i++),
                                    s,
                                    s,
                                    "unstructured",
                                    0,
                                    Math.round(n * (1 - s)),
                                    (long) d,
                                    loss,
                                    1000,
                                    null,
                                    null));
                }
            }
        }
        return ResultsCsvWriter.write(rows, ResultsCsvWriter.Window.of(null));
    }

    /** The input folder as the downward-API volume shows it to the fitting container. */
    private static Path input(Path dir, SparseSweepSpec spec, String csv) throws Exception {
        Files.writeString(
                dir.resolve(FitContract.SPEC_FILE),
                FitContract.specJson(spec),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(FitContract.RESULTS_FILE), csv, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void fitsTheInputAndItsOutputLineCarriesTheFitToTheOperator(@TempDir Path dir)
            throws Exception {
        FitStatus fitted =
                FitSweep.run(
                        input(dir, TestSweeps.small().getSpec(), knownLawCsv()), Clock.systemUTC());
        assertThat(fitted.getState()).as(fitted.getMessage()).isEqualTo("Succeeded");
        assertThat(fitted.getPoints()).isEqualTo(48);
        assertThat(fitted.getLaw()).startsWith("L(S,N,D) = (");
        assertThat(fitted.getFittedAt()).isNotNull();
        assertThat(fitted.getDurationSeconds()).isPositive();
        assertThat(fitted.getReport().path("quality").path("maxAbsRelError").asDouble(1))
                .as("the known law is recovered")
                .isLessThan(0.01);
        assertThat(fitted.getNotIdentified()).isEmpty();

        String log =
                "Picked up JAVA_TOOL_OPTIONS: -XX:+UseSerialGC\n"
                        + FitContract.outputLine(fitted)
                        + "\nfit done\n";
        FitStatus read = FitContract.readOutput(log);
        assertThat(read.getState()).isEqualTo("Succeeded");
        assertThat(read.getLaw()).isEqualTo(fitted.getLaw());
        assertThat(read.getPoints()).isEqualTo(48);
        assertThat(read.getReport()).isEqualTo(fitted.getReport());
        assertThat(read.getNotIdentified()).isEqualTo(fitted.getNotIdentified());
    }

    @Test
    void coefficientsTheDataLeaveOpenAreListedInStatusFit() throws Exception {
        // The quickstart's real results: its c went to 3e-266, where nothing constrains it.
        Path repo = Path.of("").toAbsolutePath().getParent();
        SparseSweep quickstart =
                SweepManifests.parse(Files.readString(repo.resolve("examples/quickstart.yaml")));
        String csv = Files.readString(repo.resolve("docs/validation/quickstart-results.csv"));
        FitStatus fit = FitSweep.fit(quickstart.getSpec(), csv, Clock.systemUTC());
        assertThat(fit.getState()).as(fit.getMessage()).isEqualTo("Succeeded");
        assertThat(fit.getNotIdentified()).contains("c", "bS");
        assertThat(fit.getReport().path("diagnostics").path("notIdentified").size())
                .isEqualTo(fit.getNotIdentified().size());
        assertThat(fit.getReport().path("diagnostics").path("numericalRank").asInt()).isLessThan(7);
    }

    @Test
    void theSpecPartCarriesTaskFittingOptionsAndThePruningWindowOnly() throws Exception {
        SparseSweepSpec spec = TestSweeps.small().getSpec();
        spec.getFitting().setHuberDelta(0.01);
        SparseSweepSpec read = FitContract.readSpec(FitContract.specJson(spec));
        assertThat(read.getTask()).isEqualTo(spec.getTask());
        assertThat(read.getFitting().getHuberDelta()).isEqualTo(0.01);
        assertThat(read.getTrainer()).as("nothing the fit does not read").isNull();
        assertThat(read.getGrid()).isNull();
        assertThat(read.getTraining()).as("no window set: none passed").isNull();
        // a sweep's own window reaches the fit, which prices sparse training with it
        spec.getTraining().setPruneStart(0.2);
        spec.getTraining().setPruneEnd(0.8);
        SparseSweepSpec windowed = FitContract.readSpec(FitContract.specJson(spec));
        assertThat(windowed.getTraining().getBatchSize()).isNull();
        assertThat(io.sparsesweep.core.SpecFitOptions.of(windowed).costAccounting())
                .isEqualTo(io.sparsesweep.fitting.CostAccounting.gradual(0.2, 0.8));
    }

    @Test
    void missingInputIsAFailedFitWithAReason(@TempDir Path dir) {
        FitStatus fit = FitSweep.run(dir, Clock.systemUTC());
        assertThat(fit.getState()).isEqualTo("Failed");
        assertThat(fit.getMessage()).contains("cannot read the fit's input");
    }

    @Test
    void tooFewPointsAreAFailedFitNotACrash() {
        String csv =
                ResultsCsvWriter.write(
                        List.of(
                                new ResultsCsvWriter.Row(
                                        "a",
                                        0,
                                        0.0,
                                        "unstructured",
                                        0,
                                        1000,
                                        1000,
                                        3.0,
                                        10,
                                        null,
                                        null)),
                        ResultsCsvWriter.Window.of(null));
        FitStatus fit = FitSweep.fit(TestSweeps.small().getSpec(), csv, Clock.systemUTC());
        assertThat(fit.getState()).isEqualTo("Failed");
        assertThat(fit.getMessage()).isNotBlank();
    }

    @Test
    void aLogWithoutACompleteReportIsAFailedFitThatEchoesNothingOfTheLog() {
        assertThat(FitContract.readOutput(null).getMessage()).contains("holds no fit report");
        assertThat(FitContract.readOutput("Exception in thread main\n").getState())
                .isEqualTo("Failed");
        FitStatus cut =
                FitContract.readOutput("{\"sparsesweepFit\":1,\"status\":{\"state\":\"Succ");
        assertThat(cut.getState()).isEqualTo("Failed");
        assertThat(cut.getMessage()).contains("not a fit report");
        FitStatus future = FitContract.readOutput("{\"sparsesweepFit\":2,\"status\":{}}");
        assertThat(future.getMessage()).contains("version 2");
        FitStatus noState = FitContract.readOutput("{\"sparsesweepFit\":1,\"status\":{}}");
        assertThat(noState.getState()).isEqualTo("Failed");
        String longMessage = "x".repeat(10_000);
        FitStatus failed = new FitStatus();
        failed.setState("Failed");
        failed.setMessage(longMessage);
        FitStatus capped = FitContract.readOutput(FitContract.outputLine(failed));
        assertThat(capped.getMessage().length()).isLessThanOrEqualTo(512);
    }
}
