package io.sparsesweep.protocol;

/** Bounded echoes of untrusted text in error messages. */
final class Texts {
    /** Longest untrusted text echoed verbatim. */
    static final int ECHO_LIMIT = 40;

    private Texts() {}

    /**
     * {@code 'text'} when it is short and printable, else a description of it: a message must never
     * carry an unbounded or binary piece of someone else's output.
     */
    static String quoteShort(String text) {
        if (text == null) {
            return "(none)";
        }
        if (text.length() > ECHO_LIMIT) {
            return "(a text of " + text.length() + " characters)";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "(a text with control characters)";
            }
        }
        return "'" + text + "'";
    }

    /** The text itself when it is short and printable, else a description of it. */
    static String echo(String text) {
        String q = quoteShort(text);
        return q.startsWith("'") ? text : q;
    }

    /** Cuts {@code s} to at most {@code max} characters, marking the cut. */
    static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
