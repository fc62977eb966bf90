package io.sparsesweep.operator.config;

/**
 * The operator's config file cannot be used: not UTF-8, not YAML, a wrong type or an unsupported
 * version. The message names the file, the key and, where there is one, the line and column; the
 * command line exits 2 for it.
 */
public class OperatorConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OperatorConfigException(String message) {
        super(message);
    }

    public OperatorConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
