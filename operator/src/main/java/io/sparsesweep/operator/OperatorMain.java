package io.sparsesweep.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparsesweep.operator.fit.FitSweepProcess;
import io.sparsesweep.operator.logging.LogSetup;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Entry point of the operator image: without arguments the operator, with options from the
 * environment the Helm chart sets; with {@code operator fit-sweep --input DIR} (the image's {@code
 * sparsesweep} launcher) what the sweep's fitting Job runs, as {@code ./sparsesweep operator
 * fit-sweep} does.
 */
public final class OperatorMain {
    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorOptions options;
        try {
            // SPARSESWEEP_LOG_FORMAT (text or json) and SPARSESWEEP_LOG_LEVEL, before any logger.
            LogSetup.fromEnvironment(System.getenv(), "info");
            if (args.length > 0) {
                System.exit(fitSweep(args));
            }
            options = OperatorOptions.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            // A bad variable from the Deployment: one line naming it and its value, exit 2.
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(options);
    }

    /** {@code operator fit-sweep --input DIR}: prints the fit's output line; exit 0, 1 or 2. */
    static int fitSweep(String[] args) {
        if (args.length != 4
                || !"operator".equals(args[0])
                || !"fit-sweep".equals(args[1])
                || !"--input".equals(args[2])) {
            System.err.println(
                    "usage: sparsesweep operator fit-sweep --input DIR (this image runs only the"
                            + " operator and its fitting Job)");
            return 2;
        }
        return FitSweepProcess.run(
                Path.of(args[3]),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.getenv());
    }

    /**
     * Text logs at {@code level} (see {@link LogSetup}); must run before the first logger is
     * created.
     */
    public static void configureLogging(String level) {
        LogSetup.configure("text", level);
    }

    /** Runs the operator until the JVM is told to stop. */
    public static void run(OperatorOptions options) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder().build();
        SparseSweepOperator operator = SparseSweepOperator.create(client, options);
        operator.installShutdownHook(Duration.ofSeconds(20));
        operator.start();
        Thread.currentThread().join();
    }
}
