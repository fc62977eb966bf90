package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `helm package` keeps everything an install needs, and the packaged chart renders the same. */
class ChartPackageTest {
    @Test
    void packagedChartHasCrdsSchemaAndTemplatesAndRendersTheSame(@TempDir Path out)
            throws IOException {
        new Helm(Chart.CHART_DIR).packageIt().withDestination(out).call();

        Path tgz;
        try (Stream<Path> files = Files.list(out)) {
            tgz = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        assertThat(tgz.getFileName().toString()).isEqualTo("sparsesweep-0.1.0.tgz");
        List<String> entries = tarEntries(tgz);
        assertThat(entries)
                .contains(
                        "sparsesweep/Chart.yaml",
                        "sparsesweep/values.yaml",
                        "sparsesweep/values.schema.json",
                        "sparsesweep/templates/deployment.yaml")
                .anyMatch(e -> e.startsWith("sparsesweep/crds/") && e.endsWith(".yml"));
        List<String> chartFiles;
        try (Stream<Path> walk = Files.walk(Chart.CHART_DIR)) {
            chartFiles =
                    walk.filter(Files::isRegularFile)
                            .map(
                                    p ->
                                            "sparsesweep/"
                                                    + Chart.CHART_DIR
                                                            .relativize(p)
                                                            .toString()
                                                            .replace('\\', '/'))
                            .filter(p -> !p.endsWith(".helmignore"))
                            .collect(Collectors.toList());
        }
        assertThat(entries).as("nothing dropped by .helmignore").containsAll(chartFiles);

        String fromDir =
                new Helm(Chart.CHART_DIR).template().withName("p").withNamespace("ns").call();
        String fromTgz = new Helm(tgz).template().withName("p").withNamespace("ns").call();
        assertThat(Rendered.parse(fromTgz).all()).isEqualTo(Rendered.parse(fromDir).all());
    }

    /** Entry names of a .tgz (ustar headers; enough for what helm writes). */
    private static List<String> tarEntries(Path tgz) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            byte[] all = readAll(in);
            int pos = 0;
            while (pos + 512 <= all.length) {
                String name = field(all, pos, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(all, pos + 345, 155);
                long size =
                        Long.parseLong(
                                field(all, pos + 124, 12).trim().isEmpty()
                                        ? "0"
                                        : field(all, pos + 124, 12).trim(),
                                8);
                char type = (char) all[pos + 156];
                if (type == '0' || type == 0) {
                    names.add(prefix.isEmpty() ? name : prefix + "/" + name);
                }
                pos += 512 + (int) ((size + 511) / 512) * 512;
            }
        }
        return names;
    }

    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
