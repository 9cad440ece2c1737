package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large values pipelined by many clients through Vigil as it runs in production: its own JVM
 * with the launcher's options (leak detector off) and one event loop, so every client shares one
 * backend connection. Under this load the backend buffer once grew with every byte that passed
 * through it and was reallocated and zeroed on nearly every read, until requests timed out (see
 * {@code Cumulation}). The in-process fixtures could not show it: the paranoid leak detector's
 * wrapped buffers take another path through Netty's cumulator.
 */
class LargeValuesIT {

    /** The launcher's JVM options, without the pre-touched heap that only slows the start. */
    static final List<String> LAUNCHER_JVM = List.of("-Xmx1g", "-XX:MaxDirectMemorySize=1g",
            "-XX:+UseParallelGC", "-Dio.netty.leakDetection.level=disabled");

    static final Sandbox sandbox = new Sandbox();
    static RedisNode redis;
    static ProxyProcess vigil;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        redis = sandbox.startRedis();
        port = NutcrackerCompatibilityIT.freePort();
        Path dir = Files.createDirectory(sandbox.dir().resolve("large-values"));
        Path conf = dir.resolve("vigil.yml");
        Files.writeString(conf, "large:\n  listen: 127.0.0.1:" + port + "\n  redis: true\n  servers:\n"
                + "   - 127.0.0.1:" + redis.port() + ":1 s1\n");
        vigil = ProxyProcess.start("vigil", ProxyProcess.vigilCommand(LAUNCHER_JVM, "-c", conf.toString(),
                "--threads", "1"), dir.resolve("vigil.out"));
        vigil.awaitServing(List.of(port));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            if (vigil != null) {
                vigil.close();
            }
        } finally {
            sandbox.close();
        }
    }

    @Test
    void fiftyClientsPipelining100KbGetsAllGetTheirReplies() throws Exception {
        byte[] value = new byte[100 * 1024];
        java.util.Arrays.fill(value, (byte) 'v');
        try (Jedis j = NutcrackerCompatibilityIT.proxyClient(port)) {
            j.set("key:__rand_int__".getBytes(), value);
        }
        for (int run = 0; run < 2; run++) {
            String out = RedisToolsIT.run(null, "redis-benchmark", "-p", Integer.toString(port), "-c", "50",
                    "-n", "20000", "-P", "16", "-d", Integer.toString(value.length), "-t", "get", "--csv");
            assertThat(out).as("run %d", run).doesNotContain("Error").contains("\"GET\"");
        }
    }
}
