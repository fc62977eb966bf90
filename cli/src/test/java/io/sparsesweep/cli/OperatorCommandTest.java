package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.operator.OperatorOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
    void fitSweepNeedsTheSweepsNamespaceAndName() {
        CliRun run = CliRun.of("operator", "fit-sweep", "--namespace", "ns");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--name");
    }
}
