package io.vigil.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the config file of one sandboxed process: the lines every node needs to stay on loopback,
 * in its own directory and off the disk, followed by the caller's lines, which win because Redis
 * applies a later directive over an earlier one.
 */
final class NodeConfig {

    /** SIGTERM exits at once and writes nothing, as {@code SHUTDOWN NOSAVE NOW} would. */
    static final String SHUTDOWN_ON_SIGTERM = "shutdown-on-sigterm nosave now force";

    private NodeConfig() {
    }

    /** The directives of a plain {@code redis-server} before the caller's own. */
    static List<String> redisBase(Path dir, Path log, int port) {
        List<String> lines = common(dir, log, port);
        lines.add("save \"\"");
        lines.add("appendonly no");
        lines.add(SHUTDOWN_ON_SIGTERM);
        return lines;
    }

    /** The directives of a sentinel before its {@code sentinel monitor} line. */
    static List<String> sentinelBase(Path dir, Path log, int port) {
        return common(dir, log, port);
    }

    private static List<String> common(Path dir, Path log, int port) {
        List<String> lines = new ArrayList<>();
        lines.add("bind " + SandboxNode.HOST);
        lines.add("port " + port);
        lines.add("dir " + quote(dir));
        lines.add("logfile " + quote(log));
        lines.add("daemonize no");
        lines.add("protected-mode no");
        return lines;
    }

    static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The value of the last {@code requirepass} line, unquoted, or null when there is none. */
    static String password(List<String> lines) {
        String password = null;
        for (String line : lines) {
            String[] words = line.trim().split("\\s+", 2);
            if (words.length == 2 && words[0].equalsIgnoreCase("requirepass")) {
                password = unquote(words[1].trim());
            }
        }
        return password == null || password.isEmpty() ? null : password;
    }

    /** Whether some line starts with {@code directive}, compared as Redis does, ignoring case. */
    static boolean has(List<String> lines, String directive) {
        String prefix = directive.toLowerCase(Locale.ROOT);
        return lines.stream().anyMatch(l -> l.trim().toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    private static String quote(Path path) {
        String text = path.toAbsolutePath().toString();
        if (text.contains("\"") || text.contains("\\") || text.contains("\n")) {
            throw new IllegalArgumentException("path: " + text + " (expected: no quotes, backslashes or newlines)");
        }
        return "\"" + text + "\"";
    }

    private static String unquote(String word) {
        boolean quoted = word.length() >= 2
                && (word.startsWith("\"") && word.endsWith("\"") || word.startsWith("'") && word.endsWith("'"));
        return quoted ? word.substring(1, word.length() - 1) : word;
    }
}
