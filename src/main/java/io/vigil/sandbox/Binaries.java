package io.vigil.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code redis-server} and {@code redis-sentinel} on {@code PATH} and builds the command line
 * that starts each. Where there is no {@code redis-sentinel}, {@code redis-server <conf> --sentinel}
 * starts the same thing.
 */
final class Binaries {

    static final String REDIS_SERVER = "redis-server";
    static final String REDIS_SENTINEL = "redis-sentinel";

    private Binaries() {
    }

    /** {@code redis-server <configFile>}. */
    static List<String> redisCommand(Path configFile) {
        Path server = find(REDIS_SERVER).orElseThrow(() -> missing(REDIS_SERVER));
        return List.of(server.toString(), configFile.toString());
    }

    /** {@code redis-sentinel <configFile>}, or {@code redis-server <configFile> --sentinel}. */
    static List<String> sentinelCommand(Path configFile) {
        Optional<Path> sentinel = find(REDIS_SENTINEL);
        if (sentinel.isPresent()) {
            return List.of(sentinel.get().toString(), configFile.toString());
        }
        List<String> command = new ArrayList<>(redisCommand(configFile));
        command.add("--sentinel");
        return command;
    }

    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static SandboxException missing(String name) {
        return new SandboxException(name + ": not found on PATH (expected: Redis installed, e.g. the "
                + "Debian package redis-server)");
    }
}
