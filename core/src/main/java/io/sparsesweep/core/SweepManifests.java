package io.sparsesweep.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsesweep.crd.SparseSweep;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads SparseSweep manifests (YAML or JSON) for code that sees them before any API server does,
 * such as the local runner. Unknown fields are errors here, because no schema pruning will catch a
 * typo. The result is checked with {@link SpecValidator}.
 */
public final class SweepManifests {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static final String API_VERSION = SparseSweep.GROUP + "/" + SparseSweep.VERSION;

    private SweepManifests() {}

    /** Loads and validates a manifest file. */
    public static SparseSweep load(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /** Parses and validates a manifest held in a string. */
    public static SparseSweep parse(String yaml) {
        try {
            return read(new StringReader(yaml), "manifest");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SparseSweep read(Reader in, String source) throws IOException {
        SparseSweep sweep;
        try {
            JsonNode tree = YAML.readTree(in);
            if (tree == null || !tree.isObject()) {
                throw new SpecValidationException(List.of(source + ": is not a YAML object"));
            }
            String kind = tree.path("kind").asText("SparseSweep");
            if (!"SparseSweep".equals(kind)) {
                throw new SpecValidationException(
                        List.of("kind: '" + kind + "' is not SparseSweep"));
            }
            String apiVersion = tree.path("apiVersion").asText(API_VERSION);
            if (!API_VERSION.equals(apiVersion)) {
                throw new SpecValidationException(
                        List.of("apiVersion: '" + apiVersion + "' is not " + API_VERSION));
            }
            sweep = YAML.treeToValue(tree, SparseSweep.class);
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException m ? field(m) : "";
            throw new SpecValidationException(
                    List.of(
                            source
                                    + ": not a SparseSweep: "
                                    + (field.isEmpty() ? "" : field + ": ")
                                    + e.getOriginalMessage()));
        }
        SpecValidator.check(sweep);
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
