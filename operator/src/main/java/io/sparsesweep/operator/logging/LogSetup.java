package io.sparsesweep.operator.logging;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the log format and level of a sparsesweep process (operator, fitting Job, trainer, CLI)
 * before its first logger exists. The backend is Log4j 2 ({@code log4j2.xml} on the classpath):
 * {@code text} writes one line per event (ISO timestamp, level, logger, message), {@code json} one
 * JSON object per line from Log4j's JSON Template Layout ({@code sparsesweep-log-event.json}:
 * timestamp, level, logger, thread, message, and the sweep's namespace and name, trial, attempt and
 * Job from the logging context, see {@link LogContext}). Both go to standard error.
 */
public final class LogSetup {
    /** System property the log4j2.xml arbiter reads: {@code text} or {@code json}. */
    public static final String FORMAT_PROPERTY = "sparsesweep.log.format";

    /** System property of the root level ({@code info}, {@code debug}, ...). */
    public static final String LEVEL_PROPERTY = "sparsesweep.log.level";

    /** Environment variable of the format, set by the Helm chart and the operator's pods. */
    public static final String FORMAT_ENV = "SPARSESWEEP_LOG_FORMAT";

    /** Environment variable of the level. */
    public static final String LEVEL_ENV = "SPARSESWEEP_LOG_LEVEL";

    private static final Set<String> FORMATS = Set.of("text", "json");
    private static final Set<String> LEVELS =
            Set.of("off", "fatal", "error", "warn", "info", "debug", "trace", "all");

    private LogSetup() {}

    /** The format this process was configured with ({@code text} unless set to {@code json}). */
    public static String format() {
        return "json".equals(System.getProperty(FORMAT_PROPERTY)) ? "json" : "text";
    }

    /** Whether this process logs one JSON object per line. */
    public static boolean isJson() {
        return "json".equals(format());
    }

    /** Format and level from {@code SPARSESWEEP_LOG_FORMAT} and {@code SPARSESWEEP_LOG_LEVEL}. */
    public static void fromEnvironment(Map<String, String> env, String defaultLevel) {
        configure(env.getOrDefault(FORMAT_ENV, "text"), env.getOrDefault(LEVEL_ENV, defaultLevel));
    }

    /**
     * Sets the format and level; must run before the first logger is created.
     *
     * @throws IllegalArgumentException naming the value when the format or level is unknown
     */
    public static void configure(String format, String level) {
        String f =
                format == null || format.isBlank()
                        ? "text"
                        : format.strip().toLowerCase(Locale.ROOT);
        String l =
                level == null || level.isBlank() ? "info" : level.strip().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new IllegalArgumentException(
                    "log format '" + format + "' is not one of text, json");
        }
        if (!LEVELS.contains(l)) {
            throw new IllegalArgumentException(
                    "log level '" + level + "' is not one of error, warn, info, debug, trace");
        }
        System.setProperty(FORMAT_PROPERTY, f);
        System.setProperty(LEVEL_PROPERTY, l);
    }
}
