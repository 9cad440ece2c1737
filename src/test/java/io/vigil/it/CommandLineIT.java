package io.vigil.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The vigil command as a user runs it: nutcracker's -t check, and the demo. */
class CommandLineIT {

    @Test
    void dashTChecksAConfigAndExitsAsNutcrackerDoes(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yml");
        Files.writeString(good, "alpha:\n  listen: 127.0.0.1:22121\n  hash: fnv1a_64\n  distribution: ketama\n"
                + "  redis: true\n  servers:\n   - 127.0.0.1:6379:1 server1\n");
        Result ok = vigil("-t", "-c", good.toString());
        assertThat(ok.code).isZero();
        assertThat(ok.output).contains("syntax is ok");

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "alpha:\n  listen: 127.0.0.1:22121\n  hash: fnv2\n  servers:\n   - 127.0.0.1:6379:1\n");
        Result refused = vigil("-t", "-c", bad.toString());
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.output).contains("bad.yml").contains("hash").contains("fnv2").contains("expected");
    }

    @Test
    void theDemoStartsSentinelRedisAndVigilAndStopsThemAllOnInterrupt() throws Exception {
        Process demo = java("demo", "--port", "0").redirectErrorStream(true).start();
        List<Long> pids = new ArrayList<>();
        int port = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern node = Pattern.compile("^\\s+(master|replica|sentinel)\\s+127\\.0\\.0\\.1:\\d+\\s+pid (\\d+).*");
            Pattern vigil = Pattern.compile("^\\s+Vigil\\s+127\\.0\\.0\\.1:(\\d+).*");
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl-C")) {
                Matcher m = node.matcher(line);
                if (m.matches()) {
                    pids.add(Long.parseLong(m.group(2)));
                }
                Matcher v = vigil.matcher(line);
                if (v.matches()) {
                    port = Integer.parseInt(v.group(1));
                }
            }
            assertThat(pids).hasSize(6);
            assertThat(port).isPositive();
            assertThat(RedisToolsIT.run(null, "redis-cli", "-p", Integer.toString(port), "set", "hello", "world"))
                    .isEqualTo("OK");
            assertThat(RedisToolsIT.run(null, "redis-cli", "-p", Integer.toString(port), "get", "hello"))
                    .isEqualTo("world");
            // Ctrl-C: SIGINT runs the same shutdown hooks as SIGTERM
            new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            demo.destroyForcibly();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
    }

    record Result(int code, String output) {
    }

    private static Result vigil(String... args) throws IOException, InterruptedException {
        Process p = java(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** The vigil main class in a JVM of its own, with this test's classpath. */
    private static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.vigil.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
