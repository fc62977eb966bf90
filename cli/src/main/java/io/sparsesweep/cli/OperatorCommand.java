package io.sparsesweep.cli;

import io.sparsesweep.operator.OperatorMain;
import io.sparsesweep.operator.OperatorOptions;
import io.sparsesweep.operator.fit.FitContract;
import io.sparsesweep.operator.fit.FitSweepProcess;
import io.sparsesweep.operator.logging.LogSetup;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparsesweep operator}: runs the SparseSweep operator against the current kubeconfig. */
@Command(
        name = "operator",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the SparseSweep operator against the current kubeconfig context (or the in-cluster"
                    + " service account) until interrupted. It needs the CRD installed"
                    + " (kubectl apply -f crds/sparsesweeps.sparsesweep.io-v1.yml) and RBAC for"
                    + " sweeps, Jobs, pods, ConfigMaps, Events (and Leases with --leader-election).",
        },
        subcommands = {OperatorCommand.FitSweepCommand.class})
final class OperatorCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--namespaces",
            paramLabel = "NS[,NS...]",
            description = "Namespaces to watch (default: the config file's list, else all).")
    String namespaces;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Operator config (the Helm chart's config.yaml: defaults, service accounts,"
                            + " accelerator profiles). Default: built-in defaults.")
    Path config;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description =
                    "Port of /metrics, /healthz and /readyz; 0 disables (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(
            names = "--leader-election",
            description = "Take a Lease before reconciling, so that only one replica acts.")
    boolean leaderElection;

    @Option(
            names = "--lease-name",
            paramLabel = "NAME",
            defaultValue = OperatorOptions.DEFAULT_LEASE,
            description = "Name of the Lease (default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(
            names = "--lease-namespace",
            paramLabel = "NS",
            description = "Namespace of the Lease (default: the kubeconfig's namespace).")
    String leaseNamespace;

    @Option(
            names = "--trainer-image",
            paramLabel = "IMAGE",
            description =
                    "Trainer image for sweeps that name none (fitting Jobs run the operator's own"
                            + " image, or the config's fittingImage).")
    String trainerImage;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            defaultValue = "${env:SPARSESWEEP_LOG_FORMAT:-text}",
            description =
                    "text (default) or json: one JSON object per line on standard error, with the"
                            + " sweep's namespace and name and the trial as fields."
                            + " Environment: SPARSESWEEP_LOG_FORMAT.")
    String logFormat;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            defaultValue = "${env:SPARSESWEEP_LOG_LEVEL:-info}",
            description = "error, warn, info (default), debug or trace.")
    String logLevel;

    /** The options the flags describe. */
    OperatorOptions options() {
        Set<String> watch = namespaces == null ? null : OperatorOptions.parseNamespaces(namespaces);
        return new OperatorOptions(
                config,
                watch,
                leaderElection,
                leaseName,
                leaseNamespace,
                null,
                metricsPort,
                trainerImage);
    }

    @Override
    public Integer call() throws Exception {
        try {
            LogSetup.configure(logFormat, logLevel);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        OperatorMain.run(options());
        return ExitCodes.OK;
    }

    /** {@code sparsesweep operator fit-sweep}: what a sweep's fitting Job runs. */
    @Command(
            name = "fit-sweep",
            mixinStandardHelpOptions = true,
            description = {
                "Fits the scaling law to the input the operator gives its fitting Job (DIR/"
                        + FitContract.RESULTS_FILE
                        + ": the results recorded in the sweep's status; DIR/"
                        + FitContract.SPEC_FILE
                        + ": its task and spec.fitting) and prints the fit as one JSON line, which"
                        + " the operator reads from the Job's log and records as status.fit. Uses"
                        + " no API. Exit 0 when the fit succeeded, 1 when it failed (the reason is"
                        + " in the printed status)."
            })
    static final class FitSweepCommand implements Callable<Integer> {
        @Spec picocli.CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--input",
                required = true,
                paramLabel = "DIR",
                description =
                        "The fit's input folder (in the fitting Job: "
                                + FitContract.INPUT_DIR
                                + ").")
        Path input;

        @Override
        public Integer call() {
            return FitSweepProcess.run(
                                    input,
                                    spec.commandLine().getOut(),
                                    spec.commandLine().getErr(),
                                    System.getenv())
                            == 0
                    ? ExitCodes.OK
                    : ExitCodes.FAILURE;
        }
    }
}
