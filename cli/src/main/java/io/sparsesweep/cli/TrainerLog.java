package io.sparsesweep.cli;

import io.sparsesweep.operator.logging.LogContext;
import io.sparsesweep.runner.TrainListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code sparsesweep train} reports progress. On a terminal (the default) plain lines on
 * standard error, {@code step 100/2000 loss 3.1234 ...}. In a pod of a JSON-logging install ({@code
 * SPARSESWEEP_LOG_FORMAT=json}) Log4j events, one JSON object per line, carrying the sweep's
 * namespace and name, the trial and the attempt that the operator put in the pod's environment, so
 * a log pipeline can tell which trial said what. The result JSON stays on standard output and in
 * the termination message either way.
 */
final class TrainerLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparsesweep.trainer");

    private TrainerLog() {}

    /** Plain progress lines on {@code err}. */
    static TrainListener text(long steps, PrintWriter err) {
        return new TrainListener() {
            @Override
            public void onProgress(
                    long step, double loss, double sparsity, double exPerSec, double tokPerSec) {
                err.println(progressLine(step, steps, loss, sparsity, exPerSec, tokPerSec));
                err.flush();
            }

            @Override
            public void onEvent(String message) {
                err.println(message);
                err.flush();
            }
        };
    }

    /**
     * Progress as log events in the context of the trial named by {@code env} ({@code
     * SPARSESWEEP_NAMESPACE}, {@code SPARSESWEEP_SWEEP}, {@code SPARSESWEEP_TRIAL}, {@code
     * SPARSESWEEP_ATTEMPT}; absent ones are left out).
     */
    static TrainListener json(long steps, Map<String, String> env) {
        Map<String, String> context = context(env);
        return new TrainListener() {
            @Override
            public void onProgress(
                    long step, double loss, double sparsity, double exPerSec, double tokPerSec) {
                String line = progressLine(step, steps, loss, sparsity, exPerSec, tokPerSec);
                LogContext.with(context, () -> log(line));
            }

            @Override
            public void onEvent(String message) {
                LogContext.with(context, () -> log(message));
            }
        };
    }

    private static Void log(String message) {
        LOG.info(message);
        return null;
    }

    /** The logging context of a trial pod, from the environment the operator gives it. */
    static Map<String, String> context(Map<String, String> env) {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        put(c, LogContext.NAMESPACE, env.get("SPARSESWEEP_NAMESPACE"));
        put(c, LogContext.SWEEP, env.get("SPARSESWEEP_SWEEP"));
        put(c, LogContext.TRIAL, env.get("SPARSESWEEP_TRIAL"));
        put(c, LogContext.ATTEMPT, env.get("SPARSESWEEP_ATTEMPT"));
        return c;
    }

    private static void put(Map<String, String> c, String key, String value) {
        if (value != null && !value.isBlank()) {
            c.put(key, value);
        }
    }

    static String progressLine(
            long step,
            long steps,
            double loss,
            double sparsity,
            double exPerSec,
            double tokPerSec) {
        return String.format(
                Locale.ROOT,
                "step %d/%d loss %.4f sparsity %.4f %.1f ex/s%s",
                step,
                steps,
                loss,
                sparsity,
                exPerSec,
                tokPerSec > 0 ? String.format(Locale.ROOT, " %.0f tok/s", tokPerSec) : "");
    }
}
