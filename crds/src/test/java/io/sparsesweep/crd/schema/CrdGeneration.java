package io.sparsesweep.crd.schema;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.sparsesweep.crd.SparseSweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the SparseSweep CRD with Fabric8's CRD generator and {@link CrdPostProcessor}, as the
 * committed {@code crds/sparsesweeps.sparsesweep.io-v1.yml} must be. Lives with the tests because
 * the generator's Maven plugin offers no post-processing hook, and nothing at run time needs it.
 */
public final class CrdGeneration {
    /** Where a build writes the fresh CRD (copy it over the committed one after a model change). */
    public static final Path OUTPUT_DIR = Path.of("target/generated-crd");

    /** File name of the generated CRD. */
    public static final String FILE = SparseSweep.CRD_NAME + "-v1.yml";

    private CrdGeneration() {}

    /** Writes the CRD to {@link #OUTPUT_DIR} and returns its path. */
    public static Path generate() throws IOException {
        Files.createDirectories(OUTPUT_DIR);
        new CRDGenerator()
                .customResourceClasses(SparseSweep.class)
                .forCRDVersions("v1")
                .withParallelGenerationEnabled(false)
                .withPostProcessor(new CrdPostProcessor(SparseSweep.class))
                .inOutputDir(OUTPUT_DIR.toFile())
                .generate();
        return OUTPUT_DIR.resolve(FILE);
    }
}
