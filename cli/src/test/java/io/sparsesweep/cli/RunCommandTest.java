package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.cli.local.LawTrialExecutor;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir Path dir;

    private final LawTrialExecutor exec = new LawTrialExecutor();

    private CliRun run(String... args) {
        CommandLine cl =
                Main.commandLine(
                        new CommandLine.IFactory() {
                            @Override
                            public <K> K create(Class<K> cls) throws Exception {
                                K k = CommandLine.defaultFactory().create(cls);
                                if (k instanceof RunCommand r) {
                                    r.executor = exec;
                                }
                                return k;
                            }
                        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun(cl.execute(args), out.toString(), err.toString());
    }

    private Path manifest() throws Exception {
        Path m = dir.resolve("sweep.yaml");
        Files.writeString(m, io.sparsesweep.cli.local.LocalSweepTest.MANIFEST);
        return m;
    }

    /** The test manifest with one more line under spec. */
    private Path manifestWith(String file, String specLine) throws Exception {
        Path m = dir.resolve(file);
        Files.writeString(
                m,
                io.sparsesweep.cli.local.LocalSweepTest.MANIFEST.replace(
                        "training: {batchSize: 16}", "training: {batchSize: 16}\n  " + specLine));
        return m;
    }

    @Test
    void runsTheSweepFitsTheLawWritesPlotsAndResumes() throws Exception {
        Path out = dir.resolve("out");
        CliRun first =
                run("run", manifest().toString(), "--output", out.toString(), "--workers", "2");
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
        assertThat(exec.calls).hasValue(36);
        assertThat(first.out()).contains("Sparse scaling law fitted to", "figures: 6 files");
        assertThat(first.err()).contains("36 of 36 trials finished");

        JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
        // The executor's truth: bN = 0.35, exponents recovered from 0.3% noise.
        assertThat(fit.get("law").get("bN").asDouble()).isBetween(0.3, 0.4);
        assertThat(fit.get("residualSpace").asText()).isEqualTo("log");
        assertThat(out.resolve("results.csv"))
                .content()
                .startsWith("trial,sparsity,achieved_sparsity,pattern,seed,nonzero_params");
        for (String name :
                new String[] {"predicted-vs-measured", "loss-vs-nonzeros", "optimal-sparsity"}) {
            BufferedImage png = ImageIO.read(out.resolve("plots").resolve(name + ".png").toFile());
            assertThat(png.getWidth()).isGreaterThan(600);
            assertThat(out.resolve("plots").resolve(name + ".svg")).content().contains("<svg");
        }

        CliRun again = run("run", manifest().toString(), "--output", out.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(exec.calls).hasValue(36);
        assertThat(again.err()).contains("36 already finished");
    }

    @Test
    void badManifestFailsBeforeAnyTrainingNamingTheField() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                io.sparsesweep.cli.local.LocalSweepTest.MANIFEST.replace(
                        "sparsities: [0.0, 0.5, 0.75]", "sparsities: [0.0, 1.5]"));
        CliRun r = run("run", bad.toString(), "--output", dir.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("spec.grid.sparsities");
        assertThat(exec.calls).hasValue(0);
        assertThat(dir.resolve("o")).doesNotExist();
        assertThat(run("run", dir.resolve("missing.yaml").toString()).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void disabledFittingRunsTheTrialsAndFitsNothing() throws Exception {
        Path m = manifestWith("nofit.yaml", "fitting: {enabled: false}");
        Path out = dir.resolve("out");
        CliRun r = run("run", m.toString(), "--output", out.toString(), "--workers", "2");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(exec.calls).hasValue(36);
        assertThat(r.out()).contains("fitting disabled (spec.fitting.enabled: false)");
        assertThat(r.out()).doesNotContain("Sparse scaling law fitted to");
        assertThat(out.resolve("results.csv")).isRegularFile();
        assertThat(out.resolve("fit.json")).doesNotExist();
        assertThat(out.resolve("plots")).doesNotExist();
    }

    @Test
    void dryRunListsTheTrialsOfTheEmbeddedQuickstart() {
        CliRun r = run("run", "--dry-run");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("--task lm --dataset synthetic").contains("36 trials");
        assertThat(exec.calls).hasValue(0);
    }

    @Test
    void failedTrialsPastThePolicyExitOne() throws Exception {
        Path m =
                manifestWith(
                        "strict.yaml", "failurePolicy: {maxFailedTrials: 0, retriesPerTrial: 0}");
        var trials = io.sparsesweep.cli.local.LocalSweepTest.trials();
        exec.failing.add(trials.get(0).id());
        CliRun r =
                run("run", m.toString(), "--output", dir.resolve("o").toString(), "--workers", "1");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("maxFailedTrials");
    }

    @Test
    void tooFewSucceededTrialsForFittingFailWithoutAFitAsTheOperatorWould() throws Exception {
        Path m =
                manifestWith(
                        "min.yaml",
                        "failurePolicy: {maxFailedTrials: 5, retriesPerTrial: 0}\n"
                                + "  fitting: {minSucceededTrials: 36}");
        var trials = io.sparsesweep.cli.local.LocalSweepTest.trials();
        exec.failing.add(trials.get(0).id());
        exec.garbage.add(trials.get(1).id());
        Path out = dir.resolve("min");
        CliRun r = run("run", m.toString(), "--output", out.toString(), "--workers", "2");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err())
                .contains("Failed (NotEnoughResults): 34 trials succeeded; fitting needs 36");
        assertThat(out.resolve("fit.json")).as("no fit is attempted").doesNotExist();
        assertThat(exec.calls).as("an unusable result is not retried").hasValue(36);
    }

    @Test
    void failuresWithinTheBudgetStillCompleteWithTheFitAsTheOperatorWould() throws Exception {
        Path m =
                manifestWith(
                        "lenient.yaml", "failurePolicy: {maxFailedTrials: 2, retriesPerTrial: 1}");
        var trials = io.sparsesweep.cli.local.LocalSweepTest.trials();
        exec.badConfig.add(trials.get(0).id());
        Path out = dir.resolve("lenient");
        CliRun r = run("run", m.toString(), "--output", out.toString(), "--workers", "2");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("Complete (LawFitted): fitted on 35 of 36 trials");
        assertThat(exec.callsOf.get(trials.get(0).id()))
                .as("bad configuration is not retried")
                .hasValue(1);
        assertThat(out.resolve("trials").resolve(trials.get(0).id()).resolve("error.txt"))
                .content()
                .contains("attempt 1: BadConfiguration");
    }
}
