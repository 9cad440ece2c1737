package io.vigil.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}, which {@code ./vigil test} installs) driven from
 * its command line: {@code --dump-dom} prints the DOM after the page's scripts ran for a budget
 * of virtual time, {@code --screenshot} saves a PNG. Each run gets a fresh profile directory and
 * is killed, with its child processes, by pid if it does not finish.
 */
final class Chromium {

    static final String BINARY = "/usr/bin/chromium";
    /** Virtual time the page may run before the DOM is taken: enough for a few polls of the API. */
    static final int VIRTUAL_TIME_MS = 5000;

    private final Path profiles;
    private int runs;

    Chromium(Path profiles) {
        this.profiles = profiles;
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new AssertionError(BINARY + " is missing: install the Debian package chromium (./vigil test does)");
        }
    }

    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    void screenshot(String url, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1100", "--hide-scrollbars", url));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new AssertionError("chromium saved no screenshot at " + png);
        }
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(profiles.resolve("chromium-profile-" + (++runs)));
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=" + VIRTUAL_TIME_MS));
        cmd.addAll(args);
        Path out = profile.resolve("stdout");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(profile.resolve("stderr").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
