package io.sparsesweep.protocol;

/** What a trainer flag's value looks like on the command line. */
public enum ValueType {
    /** Free text (a data set name or path). */
    TEXT("text"),
    /** One of a fixed set of words. */
    CHOICE("word"),
    /** {@code unstructured} or {@code n:m} (see {@link SparsityPattern}). */
    PATTERN("pattern"),
    /** A 32-bit decimal integer. */
    INT("integer"),
    /** A 64-bit decimal integer. */
    LONG("integer"),
    /** A plain finite decimal such as {@code 0.5} or {@code 1e-3}. */
    DECIMAL("decimal"),
    /** A file system path. */
    PATH("path"),
    /** Present or absent; takes no value; absent means off. */
    SWITCH("switch"),
    /** On unless {@code --no-NAME} is given ({@code --NAME} states the default); takes no value. */
    NEGATABLE_SWITCH("switch");

    private final String label;

    ValueType(String label) {
        this.label = label;
    }

    /** The value's kind in one word, for docs. */
    public String label() {
        return label;
    }

    /** Whether the flag takes no value. */
    public boolean isSwitch() {
        return this == SWITCH || this == NEGATABLE_SWITCH;
    }
}
