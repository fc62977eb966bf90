package io.sparsesweep.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.fitting.Utf8Text;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads SparseSweep manifests (YAML or JSON) for code that sees them before any API server does,
 * such as the local runner. It is stricter than a YAML library's defaults, because no schema
 * pruning will catch a slip here: unknown fields, duplicate keys, a second document, a fractional
 * or quoted number where the CRD wants an integer, and bytes that are not UTF-8 are errors. Every
 * error names the file, and the line and column where there is one; the result is then checked with
 * {@link SpecValidator}, whose errors are located the same way.
 */
public final class SweepManifests {
    private static final ObjectMapper YAML =
            JsonMapper.builder(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    // The API server refuses 64.5 and "64" for an integer field; so does this.
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private static final String API_VERSION = SparseSweep.GROUP + "/" + SparseSweep.VERSION;

    private SweepManifests() {}

    /** Loads and validates a manifest file. */
    public static SparseSweep load(Path file) throws IOException {
        String text;
        try {
            text = Utf8Text.read(file);
        } catch (NoSuchFileException e) {
            throw new SpecValidationException(List.of(file + ": no such file"));
        } catch (Utf8Text.BadTextException e) {
            throw new SpecValidationException(List.of(e.getMessage()));
        } catch (IOException e) {
            throw new SpecValidationException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    /** Parses and validates a manifest held in a string. */
    public static SparseSweep parse(String yaml) {
        return parse(yaml, "manifest");
    }

    /** Parses and validates a manifest read from {@code source} (named in every error). */
    public static SparseSweep parse(String yaml, String source) {
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        SparseSweep sweep;
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            JsonNode tree = YAML.readTree(parser);
            if (tree == null || !tree.isObject()) {
                throw new SpecValidationException(
                        List.of(source + ":1:1: not a SparseSweep: the document is not a mapping"));
            }
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new SpecValidationException(
                        List.of(
                                YamlErrors.at(source, at)
                                        + "a second YAML document; put one SparseSweep in each"
                                        + " file"));
            }
            String kind = tree.path("kind").asText("SparseSweep");
            if (!"SparseSweep".equals(kind)) {
                throw new SpecValidationException(
                        List.of(source + ": kind: '" + kind + "' is not SparseSweep"));
            }
            String apiVersion = tree.path("apiVersion").asText(API_VERSION);
            if (!API_VERSION.equals(apiVersion)) {
                throw new SpecValidationException(
                        List.of(
                                source
                                        + ": apiVersion: '"
                                        + apiVersion
                                        + "' is not "
                                        + API_VERSION));
            }
            sweep = YAML.treeToValue(tree, SparseSweep.class);
        } catch (JsonMappingException e) {
            // Mapping errors come from the tree, which has no positions: find the field's.
            String field = field(e);
            throw new SpecValidationException(
                    List.of(
                            YamlErrors.of(YAML.getFactory(), text, source).prefix(field)
                                    + "not a SparseSweep: "
                                    + (field.isEmpty() ? "" : field + ": ")
                                    + YamlErrors.problem(e)));
        } catch (JsonProcessingException e) {
            throw new SpecValidationException(List.of(YamlErrors.syntaxError(source, e)));
        } catch (IOException e) {
            throw new SpecValidationException(List.of(source + ": " + e.getMessage()));
        }
        List<String> errors = SpecValidator.validate(sweep);
        if (!errors.isEmpty()) {
            YamlErrors where = YamlErrors.of(YAML.getFactory(), text, source);
            throw new SpecValidationException(errors.stream().map(where::locate).toList());
        }
        return sweep;
    }

    /**
     * The field a mapping error is about, as the manifest spells it: spec.fitting.residualSpace.
     */
    private static String field(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
