package io.sparsesweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the build's version from a resource filtered by Maven. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in =
                VersionProvider.class.getResourceAsStream("/sparsesweep-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {
            "sparsesweep " + p.getProperty("version", "unknown"),
            "Java "
                    + System.getProperty("java.version")
                    + " ("
                    + System.getProperty("java.vendor")
                    + ")"
        };
    }
}
