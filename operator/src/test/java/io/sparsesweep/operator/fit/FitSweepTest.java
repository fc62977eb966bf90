package io.sparsesweep.operator.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepManifests;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.result.ResultsCsvWriter;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class FitSweepTest {
    static KubernetesClient client;

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
                                    "unstructured",
                                    Math.round(n * (1 - s)),
                                    (long) d,
                                    loss,
                                    1000));
                }
            }
        }
        return ResultsCsvWriter.write(rows);
    }

    private SweepCluster cluster(String name, String csv) throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        SparseSweep s = TestSweeps.small();
        s.getMetadata().setName(name);
        cluster.create(s);
        SparseSweepStatus status = new SparseSweepStatus();
        status.setPhase(SweepPhase.Fitting);
        s = cluster.sweep(name);
        s.setStatus(status);
        client.resource(s).updateStatus();
        if (csv != null) {
            client.configMaps()
                    .inNamespace("research")
                    .resource(
                            new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName(SweepNames.resultsConfigMapName(name))
                                    .endMetadata()
                                    .addToData(SweepNames.RESULTS_KEY, csv)
                                    .build())
                    .create();
        }
        return cluster;
    }

    @Test
    void fitsTheResultsAndWritesStatusFitOnly() throws Exception {
        SweepCluster cluster = cluster("fitme", knownLawCsv());
        FitStatus written = FitSweep.run(client, "research", "fitme", Clock.systemUTC());
        assertThat(written.getState()).as(written.getMessage()).isEqualTo("Succeeded");
        SparseSweep s = cluster.sweep("fitme");
        assertThat(s.getStatus().getPhase())
                .as("the rest of status is untouched")
                .isEqualTo(SweepPhase.Fitting);
        FitStatus fit = s.getStatus().getFit();
        assertThat(fit.getState()).isEqualTo("Succeeded");
        assertThat(fit.getPoints()).isEqualTo(48);
        assertThat(fit.getLaw()).startsWith("L(S,N,D) = (");
        assertThat(fit.getFittedAt()).isNotNull();
        assertThat(fit.getDurationSeconds()).isPositive();
        assertThat(fit.getReport().path("quality").path("maxAbsRelError").asDouble(1))
                .as("the known law is recovered")
                .isLessThan(0.01);
        assertThat(fit.getNotIdentified()).isEmpty();
    }

    @Test
    void coefficientsTheDataLeaveOpenAreListedInStatusFit() throws Exception {
        // The quickstart's real results: its c went to 3e-266, where nothing constrains it.
        Path repo = Path.of("").toAbsolutePath().getParent();
        SparseSweep quickstart =
                SweepManifests.parse(Files.readString(repo.resolve("examples/quickstart.yaml")));
        String csv = Files.readString(repo.resolve("docs/validation/quickstart-results.csv"));
        FitStatus fit = FitSweep.fit(quickstart, csv, Clock.systemUTC());
        assertThat(fit.getState()).as(fit.getMessage()).isEqualTo("Succeeded");
        assertThat(fit.getNotIdentified()).contains("c", "bS");
        assertThat(fit.getReport().path("diagnostics").path("notIdentified").size())
                .isEqualTo(fit.getNotIdentified().size());
        assertThat(fit.getReport().path("diagnostics").path("numericalRank").asInt()).isLessThan(7);
    }

    @Test
    void missingResultsAreAFailedFitWithAReason() throws Exception {
        SweepCluster cluster = cluster("nodata", null);
        FitStatus written = FitSweep.run(client, "research", "nodata", Clock.systemUTC());
        assertThat(written.getState()).isEqualTo("Failed");
        assertThat(cluster.sweep("nodata").getStatus().getFit().getMessage())
                .contains("nodata-results");
    }

    @Test
    void tooFewPointsAreAFailedFitNotACrash() {
        String csv =
                ResultsCsvWriter.write(
                        List.of(
                                new ResultsCsvWriter.Row(
                                        "a", 0, "unstructured", 1000, 1000, 3.0, 10)));
        FitStatus fit = FitSweep.fit(TestSweeps.small(), csv, Clock.systemUTC());
        assertThat(fit.getState()).isEqualTo("Failed");
        assertThat(fit.getMessage()).isNotBlank();
    }
}
