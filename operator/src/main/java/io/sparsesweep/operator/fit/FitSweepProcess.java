package io.sparsesweep.operator.fit;

import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.operator.logging.LogContext;
import io.sparsesweep.operator.logging.LogSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fitting Job's process, shared by the operator image's launcher and {@code ./sparsesweep
 * operator fit-sweep}: fits ({@link FitSweep}), prints the one output line the operator reads
 * ({@link FitContract}) on standard output, and says why a fit failed on standard error: a plain
 * line by default, a log event in the sweep's context when the pod logs JSON ({@code
 * SPARSESWEEP_LOG_FORMAT=json}, which the operator sets when it logs JSON itself). A JSON log line
 * starts with {@code {"timestamp"}, so the operator never mistakes it for the output line.
 */
public final class FitSweepProcess {
    private static final Logger LOG = LoggerFactory.getLogger(FitSweepProcess.class);

    private FitSweepProcess() {}

    /** Exit code 0 when the fit succeeded, 1 when it failed. */
    public static int run(Path input, PrintWriter out, PrintWriter err, Map<String, String> env) {
        try (LogContext.Scope sweep =
                LogContext.sweep(env.get("SPARSESWEEP_NAMESPACE"), env.get("SPARSESWEEP_SWEEP"))) {
            FitStatus fit = FitSweep.run(input, Clock.systemUTC());
            out.println(FitContract.outputLine(fit));
            out.flush();
            if ("Succeeded".equals(fit.getState())) {
                if (LogSetup.isJson()) {
                    LOG.info("fit succeeded on {} points", fit.getPoints());
                }
                return 0;
            }
            if (LogSetup.isJson()) {
                LOG.error("fit failed: {}", fit.getMessage());
            } else {
                err.println("fit failed: " + fit.getMessage());
                err.flush();
            }
            return 1;
        }
    }
}
