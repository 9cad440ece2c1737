package io.vigil.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** redis-cli and redis-benchmark, unchanged, against Vigil. */
class RedisToolsIT {

    static VigilFixture vigil;

    @BeforeAll
    static void start() throws Exception {
        vigil = VigilFixture.start();
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    @Test
    void redisCliRunsCommandsAndPipesInput() throws Exception {
        assertThat(run(null, "redis-cli", "-p", port(), "set", "hello", "world")).isEqualTo("OK");
        assertThat(run(null, "redis-cli", "-p", port(), "get", "hello")).isEqualTo("world");
        assertThat(run(null, "redis-cli", "-p", port(), "-n", "2", "set", "in2", "x")).isEqualTo("OK");
        assertThat(run(null, "redis-cli", "-p", port(), "-n", "2", "get", "in2")).isEqualTo("x");
        assertThat(run(null, "redis-cli", "-p", port(), "get", "in2")).isEmpty();
        // --pipe sends raw RESP and checks every reply
        String pipe = run("SET p1 a\r\nSET p2 b\r\nINCR counter\r\n", "redis-cli", "-p", port(), "--pipe");
        assertThat(pipe).contains("errors: 0, replies: 3");
        assertThat(run(null, "redis-cli", "-p", port(), "mget", "p1", "p2")).isEqualTo("a\nb");
    }

    @Test
    void redisBenchmarkCompletesWithAndWithoutPipelining() throws Exception {
        String plain = run(null, "redis-benchmark", "-p", port(), "-c", "20", "-n", "20000", "-t", "set,get",
                "-q", "--csv");
        assertThat(plain).contains("\"SET\"").contains("\"GET\"");
        String pipelined = run(null, "redis-benchmark", "-p", port(), "-c", "20", "-n", "20000", "-P", "16",
                "-t", "set,get,lpush,lpop,incr,mset", "-q", "--csv");
        assertThat(pipelined).contains("\"MSET (10 keys)\"").contains("\"LPOP\"");
        assertThat(run(null, "redis-cli", "-p", port(), "exists", "key:__rand_int__")).isEqualTo("1");
    }

    /**
     * 50 clients, 16 pipelined 100 KB values each, 80 MB in flight through one backend
     * connection, here under the paranoid leak detector: every buffer of that path is released.
     * ({@link LargeValuesIT} runs the same load against Vigil in its own production-like JVM.)
     */
    @Test
    void redisBenchmarkPipelinesLargeValues() throws Exception {
        try (VigilFixture oneLoop = VigilFixture.startOnOneLoop()) {
            String out = run(null, "redis-benchmark", "-p", Integer.toString(oneLoop.port()), "-c", "50",
                    "-n", "20000", "-P", "16", "-d", "102400", "-t", "set,get", "--csv");
            assertThat(out).doesNotContain("Error").contains("\"SET\"").contains("\"GET\"");
        }
    }

    private static String port() {
        return Integer.toString(vigil.port());
    }

    /** Runs a tool to completion (60 s at most) and returns its trimmed stdout. */
    static String run(String stdin, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.add(1, "-h");
        cmd.add(2, "127.0.0.1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
            assertThat(p.exitValue()).as("%s exit code; output: %s", cmd, new String(out)).isZero();
            return new String(out, StandardCharsets.UTF_8).trim();
        } finally {
            p.destroyForcibly();
        }
    }
}
