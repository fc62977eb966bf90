package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.operator.OperatorOptions;
import io.sparsesweep.operator.fit.FitContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OperatorCommandTest {
    @Test
    void helpNamesTheFlags() {
        CliRun run = CliRun.of("operator", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "--namespaces",
                        "--config",
                        "--metrics-port",
                        "--leader-election",
                        "--lease-name",
                        "fit-sweep");
    }

    @Test
    void flagsBecomeOperatorOptions() {
        OperatorCommand cmd = new OperatorCommand();
        new CommandLine(cmd)
                .parseArgs(
                        "--namespaces",
                        "a, b",
                        "--metrics-port",
                        "0",
                        "--leader-election",
                        "--lease-namespace",
                        "ops",
                        "--config",
                        "/etc/ss/config.yaml");
        OperatorOptions o = cmd.options();
        assertThat(o.watchNamespaces()).containsExactly("a", "b");
        assertThat(o.metricsPort()).isZero();
        assertThat(o.leaderElection()).isTrue();
        assertThat(o.leaseName()).isEqualTo(OperatorOptions.DEFAULT_LEASE);
        assertThat(o.leaseNamespace()).isEqualTo("ops");
        assertThat(o.config()).isEqualTo(Path.of("/etc/ss/config.yaml"));
    }

    @Test
    void defaultsWatchAsConfiguredWithoutLeaderElection() {
        OperatorCommand cmd = new OperatorCommand();
        new CommandLine(cmd).parseArgs();
        assertThat(cmd.options().watchNamespaces()).isNull();
        assertThat(cmd.options().leaderElection()).isFalse();
        assertThat(cmd.options().metricsPort()).isEqualTo(8080);
    }

    @Test
    void fitSweepNeedsItsInputFolder() {
        CliRun run = CliRun.of("operator", "fit-sweep");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--input");
    }

    @Test
    void fitSweepPrintsAFailedFitAsTheLineTheOperatorReads(@TempDir Path dir) {
        CliRun run = CliRun.of("operator", "fit-sweep", "--input", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        FitStatus read = FitContract.readOutput(run.out());
        assertThat(read.getState()).isEqualTo("Failed");
        assertThat(read.getMessage()).contains("cannot read the fit's input");
    }
}
