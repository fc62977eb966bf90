package io.sparsesweep.runner.data;

import io.sparsesweep.runner.config.RunnerConfigException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzipped or not: a big-endian magic {@code
 * 0x00 0x00 type rank}, {@code rank} big-endian int32 dimensions, then unsigned bytes. Only type
 * 0x08 (unsigned byte) is supported, which is what these data sets use.
 */
public final class IdxFiles {
    private IdxFiles() {}

    /** The parsed content: dimensions and the raw unsigned bytes. */
    public record Idx(int[] dims, byte[] data) {}

    public static Idx read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream d = new DataInputStream(in);
            int magic = d.readInt();
            int type = (magic >> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
                throw new RunnerConfigException(
                        "--dataset "
                                + file
                                + ": not an unsigned-byte IDX file (magic 0x"
                                + Integer.toHexString(magic)
                                + ")");
            }
            int[] dims = new int[rank];
            long size = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = d.readInt();
                size *= dims[i];
            }
            if (size > Integer.MAX_VALUE - 16) {
                throw new RunnerConfigException("--dataset " + file + ": too large (" + size + ")");
            }
            byte[] data = new byte[(int) size];
            d.readFully(data);
            return new Idx(dims, data);
        } catch (java.io.EOFException e) {
            throw new RunnerConfigException("--dataset " + file + ": truncated IDX file", e);
        } catch (IOException e) {
            throw new RunnerConfigException("--dataset " + file + ": cannot read: " + e, e);
        }
    }
}
