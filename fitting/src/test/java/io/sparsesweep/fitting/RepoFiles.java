package io.sparsesweep.fitting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files committed elsewhere in the repository (real sweep results under docs/validation). */
final class RepoFiles {
    private RepoFiles() {}

    /** {@code docs/validation/NAME}, found from the module's working directory upwards. */
    static Path validation(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("docs").resolve("validation").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "docs/validation/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The quickstart's results as one run of {@code ./sparsesweep run examples/quickstart.yaml}
     * wrote them (commit fae59ad, 36 trials, 27 unstructured): a real sweep on which the law's
     * irreducible loss c and the sparsity term are not pinned down.
     */
    static SweepData quickstart() throws IOException {
        return ResultsCsv.read(validation("quickstart-results.csv"), ResultsCsv.Columns.defaults());
    }
}
