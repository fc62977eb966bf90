package io.sparsesweep.core;

import java.util.List;

/**
 * A sweep spec is invalid. Each error names the field and the offending value; the CLI maps this
 * exception to exit code 2 and the operator to {@code Ready=False, reason InvalidSpec}.
 */
public class SpecValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public SpecValidationException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    /** The individual errors, each naming a field. */
    public List<String> errors() {
        return errors;
    }
}
