package io.sparsesweep.fitting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the text files users hand the command line (results CSVs, sweep manifests, the operator's
 * config) strictly as UTF-8: a byte sequence that is not UTF-8 is an error naming the file, line
 * and column, never a replacement character or a bare {@code MalformedInputException}. One leading
 * byte-order mark is dropped, as editors on Windows write one.
 */
public final class Utf8Text {
    private static final char BOM = '\uFEFF';

    private Utf8Text() {}

    /** Largest file read: far beyond any sweep's results or manifest, far below the heap. */
    public static final long MAX_BYTES = 64L << 20;

    /**
     * The file's text; {@link BadTextException} when it is not a regular file (a directory, {@code
     * /dev/zero}), larger than {@link #MAX_BYTES} or not UTF-8.
     */
    public static String read(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new BadTextException(file + ": not a regular file");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new BadTextException(
                    file + ": " + size + " bytes, more than the " + MAX_BYTES + " read");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Decodes bytes read from {@code source} (named in the error). */
    public static String decode(byte[] bytes, String source) throws BadTextException {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        out.flip();
        String text = out.toString();
        if (r.isError()) {
            // The decoder stops at the first bad sequence: what it decoded so far locates it.
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = text.codePointCount(lineStart, text.length()) + 1;
            int offset = in.position();
            throw new BadTextException(
                    String.format(
                            Locale.ROOT,
                            "%s:%d:%d: not UTF-8 text (byte 0x%02X at offset %d); save the file"
                                    + " as UTF-8",
                            source,
                            line,
                            column,
                            bytes[offset] & 0xFF,
                            offset));
        }
        return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    }

    /**
     * A file that cannot be read as text: not UTF-8 (the message names the file, line and column),
     * too large, or not a regular file.
     */
    public static final class BadTextException extends IOException {
        private static final long serialVersionUID = 1L;

        BadTextException(String message) {
            super(message);
        }
    }
}
