package io.sparsesweep.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error messages about a YAML file in the form {@code file:line:column: what}: where every value
 * starts, by its field path ({@code spec.grid.patterns[1]}); YAML syntax errors on one line instead
 * of the parser's multi-line snippet with a caret; mapping errors in the file's terms instead of
 * Java class names.
 */
public final class YamlErrors {
    /** A mark in a YAML parser message: {@code in 'reader', line 12, column 1:}. */
    private static final Pattern YAML_MARK =
            Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):$");

    private final String source;
    private final Map<String, JsonLocation> byPointer;

    private YamlErrors(String source, Map<String, JsonLocation> byPointer) {
        this.source = source;
        this.byPointer = byPointer;
    }

    /**
     * Positions of every value in {@code text}. A document that does not parse has positions up to
     * the point where it stops (call this after parsing succeeded to have them all).
     */
    public static YamlErrors of(JsonFactory yaml, String text, String source) {
        Map<String, JsonLocation> out = new HashMap<>();
        try (JsonParser p = yaml.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME
                        && t != JsonToken.END_OBJECT
                        && t != JsonToken.END_ARRAY) {
                    out.putIfAbsent(
                            p.getParsingContext().pathAsPointer().toString(),
                            p.currentTokenLocation());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Positions are a courtesy: what was found so far is kept.
        }
        return new YamlErrors(source, out);
    }

    /**
     * {@code "file:line:column: "} for a field path such as {@code spec.grid.patterns[1]} (its
     * nearest enclosing field when the field itself is absent), or {@code "file: "}.
     */
    public String prefix(String field) {
        if (field.isEmpty()) {
            return at(source, byPointer.get("")); // the document itself
        }
        String pointer = "/" + field.replace("[", ".").replace("]", "").replace('.', '/');
        while (pointer.length() > 1) {
            JsonLocation l = byPointer.get(pointer);
            if (l != null) {
                return at(source, l);
            }
            int slash = pointer.lastIndexOf('/');
            pointer = slash <= 0 ? "" : pointer.substring(0, slash);
        }
        return source + ": ";
    }

    /**
     * Prefixes an error that starts with its field ({@code spec.x: message}) with the field's
     * position.
     */
    public String locate(String error) {
        int colon = error.indexOf(": ");
        return prefix(colon < 0 ? "" : error.substring(0, colon)) + error;
    }

    /** {@code "file:line:column: "} for a parser location, or {@code "file: "} without one. */
    public static String at(String source, JsonLocation l) {
        if (l == null || l.getLineNr() < 1) {
            return source + ": ";
        }
        return source + ":" + l.getLineNr() + ":" + l.getColumnNr() + ": ";
    }

    /** A YAML syntax error on one line: {@code file:line:column: not valid YAML: what}. */
    public static String syntaxError(String source, JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        List<String> parts = new ArrayList<>();
        int line = -1;
        int column = -1;
        String[] lines = message.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = YAML_MARK.matcher(lines[i]);
            if (m.matches()) {
                // The last mark is where the problem is; a snippet and a caret line follow it.
                line = Integer.parseInt(m.group(1));
                column = Integer.parseInt(m.group(2));
                i += 2;
            } else if (!lines[i].isBlank()) {
                parts.add(lines[i].strip());
            }
        }
        String where =
                line > 0 ? source + ":" + line + ":" + column + ": " : at(source, e.getLocation());
        return where + "not valid YAML: " + String.join(": ", parts);
    }

    /** A mapping problem in the file's terms, not Jackson's (no Java class names). */
    public static String problem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known =
                    u.getKnownPropertyIds() == null
                            ? List.of()
                            : u.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .toList();
            return "unknown field '"
                    + u.getPropertyName()
                    + "' (known: "
                    + String.join(", ", known)
                    + ")";
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
            return "'" + f.getValue() + "' is not " + kind(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + kind(m.getTargetType());
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).replaceAll("`[^`]*`", "a value");
    }

    private static String kind(Class<?> type) {
        if (type == Integer.class
                || type == Long.class
                || type == int.class
                || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(enumName(type, c));
            }
            return "one of " + names;
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    /** The name an enum constant is written as ({@code @JsonProperty}), else its Java name. */
    private static String enumName(Class<?> type, Object constant) {
        try {
            var p = type.getField(((Enum<?>) constant).name()).getAnnotation(JsonProperty.class);
            return p != null ? p.value() : constant.toString();
        } catch (NoSuchFieldException e) {
            return constant.toString();
        }
    }
}
