package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparsesweep.core.SweepManifests;
import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.SparseSweep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keeps the real-data example sweeps working: each manifest in examples/, shrunk to three short
 * trials (dense, 50% unstructured, 2:4) of its smallest model, runs through {@code sparsesweep run}
 * with the real TensorFlow trainer on the real data set. The full sweeps are run by hand
 * (docs/validation.md). CI installs the data (.ci/setup.d/30-datasets.sh); elsewhere the test is
 * skipped, saying why.
 */
class RealDataMiniatureTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // manifest, env var with the data path, default path, chance-level loss
        "fashion-mnist-vit.yaml, SPARSESWEEP_FASHION_MNIST, /usr/share/datasets/fashion-mnist, 2.3026",
        "brown-lm.yaml, SPARSESWEEP_BROWN_CORPUS, , 5.5452",
    })
    void exampleRunsOnItsRealDataInMiniature(
            String manifest, String env, String defaultPath, double chanceLoss) throws Exception {
        String data = System.getenv(env) != null ? System.getenv(env) : defaultPath;
        assumeTrue(
                data != null && Files.exists(Path.of(data)),
                "SKIPPED: data for " + manifest + " not found (set " + env + "; CI installs it)");
        Path examples = Path.of("..", "examples", manifest);
        SparseSweep sweep = SweepManifests.load(examples);
        sweep.getSpec().getModel().setSizes(List.of(sweep.getSpec().getModel().getSizes().get(0)));
        sweep.getSpec().getGrid().setSteps(List.of(40L));
        sweep.getSpec().getGrid().setSparsities(List.of(0.0, 0.5));
        FittingSpec noFit = new FittingSpec();
        noFit.setEnabled(false);
        sweep.getSpec().setFitting(noFit);
        Path mini = dir.resolve("mini.yaml");
        Files.writeString(mini, Serialization.asYaml(sweep));

        Path out = dir.resolve("out");
        CliRun run =
                CliRun.of(
                        "run",
                        mini.toString(),
                        "--dataset",
                        data,
                        "--output",
                        out.toString(),
                        "--workers",
                        "1",
                        "--no-plots");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertThat(rows).hasSize(4); // header + dense, 0.5 unstructured, 2:4
        assertThat(rows).anyMatch(r -> r.contains(",2:4,"));
        int valLossColumn = List.of(rows.get(0).split(",")).indexOf("val_loss");
        for (String row : rows.subList(1, rows.size())) {
            double valLoss = Double.parseDouble(row.split(",")[valLossColumn]);
            // 40 steps learn something on real data: below the loss of guessing uniformly
            assertThat(valLoss).as(row).isLessThan(chanceLoss);
        }
    }
}
