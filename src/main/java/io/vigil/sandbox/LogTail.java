package io.vigil.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the end of a process's log, for error messages and for telling why a start failed. */
final class LogTail {

    static final int DEFAULT_LINES = 40;
    /** Enough for {@link #DEFAULT_LINES} lines of Redis log without reading a huge file whole. */
    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {
    }

    /** The log's size now, so that a later {@link #since} reads only what a new start wrote. */
    static long size(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The text written to {@code log} after byte {@code offset}, at most the last 16 KiB of it. */
    static String since(Path log, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(offset, file.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@link #DEFAULT_LINES} lines of {@code log}, framed for an exception message. */
    static String describe(Path log) {
        String text = since(log, 0);
        if (text.isEmpty()) {
            return "\n(log " + log + " is empty or missing)";
        }
        List<String> lines = Arrays.asList(text.split("\n"));
        List<String> tail = lines.subList(Math.max(0, lines.size() - DEFAULT_LINES), lines.size());
        return "\n--- last lines of " + log + " ---\n" + String.join("\n", tail);
    }
}
