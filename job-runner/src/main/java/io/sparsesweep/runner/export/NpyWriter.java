package io.sparsesweep.runner.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes NumPy {@code .npy} version 1.0 files (little-endian float32 or uint8, C order). */
public final class NpyWriter {
    private NpyWriter() {}

    public static void writeFloat32(Path file, int[] shape, float[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        write(file, "<f4", shape, b.array());
    }

    /** A 0/1 mask as uint8. */
    public static void writeMask(Path file, int[] shape, float[] mask) throws IOException {
        byte[] bytes = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            bytes[i] = (byte) (mask[i] != 0f ? 1 : 0);
        }
        write(file, "|u1", shape, bytes);
    }

    private static void write(Path file, String dtype, int[] shape, byte[] payload)
            throws IOException {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(shape.length == 1 || i + 1 < shape.length ? "," : "");
            if (i + 1 < shape.length) {
                dims.append(' ');
            }
        }
        dims.append(')');
        String header =
                "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + dims + ", }";
        // Magic (6) + version (2) + header length (2) + header + '\n', padded to a multiple of 64.
        int unpadded = 10 + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String full = header + " ".repeat(padding) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int len = full.length();
            out.write(new byte[] {(byte) (len & 0xff), (byte) (len >> 8)});
            out.write(full.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
        }
    }
}
