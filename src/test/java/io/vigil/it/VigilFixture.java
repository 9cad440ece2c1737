package io.vigil.it;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.server.VigilServer;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;

/**
 * A real redis-server in a sandbox with a real Vigil in front of it, listening on a free loopback
 * port. One per test class: {@code @BeforeAll} starts it, {@code @AfterAll} closes it.
 */
final class VigilFixture implements AutoCloseable {

    final Sandbox sandbox = new Sandbox();
    final RedisNode master;
    private VigilServer server;
    private String poolYaml;
    private int loops;

    private VigilFixture(String poolYaml, String... redisConfig) {
        this.master = sandbox.startRedis(redisConfig);
        this.poolYaml = poolYaml;
    }

    /**
     * Starts Redis and Vigil. {@code poolYaml} is extra pool keys, two-space indented lines such
     * as {@code "  timeout: 500\n"}; {@code redisConfig} is extra redis.conf lines.
     */
    static VigilFixture start(String poolYaml, String... redisConfig) throws Exception {
        return start(2, poolYaml, redisConfig);
    }

    private static VigilFixture start(int loops, String poolYaml, String... redisConfig) throws Exception {
        VigilFixture f = new VigilFixture(poolYaml, redisConfig);
        f.loops = loops;
        try {
            f.startVigil();
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
        return f;
    }

    static VigilFixture start() throws Exception {
        return start("");
    }

    /** Vigil on one event loop, its default on a 2-core machine: every client shares one backend connection. */
    static VigilFixture startOnOneLoop() throws Exception {
        return start(1, "");
    }

    /** One event loop, with extra pool keys as in {@link #start(String, String...)}. */
    static VigilFixture startOnOneLoop(String poolYaml, String... redisConfig) throws Exception {
        return start(1, poolYaml, redisConfig);
    }

    private void startVigil() throws Exception {
        String yaml = "it:\n"
                + "  listen: 127.0.0.1:0\n"
                + "  redis: true\n"
                + poolYaml
                + "  servers:\n"
                + "    - 127.0.0.1:" + master.port() + ":1 master\n";
        VigilConfig config = ConfigLoader.parse(yaml, Path.of("it.yml"));
        server = VigilServer.start(config, loops);
    }

    int port() {
        return server.address("it").getPort();
    }

    Jedis jedis() {
        return new Jedis("127.0.0.1", port(), 10_000);
    }

    /** A client straight to Redis, bypassing Vigil. */
    Jedis direct() {
        return new Jedis("127.0.0.1", master.port(), 10_000);
    }

    /** {@code blocked_clients} of the backend's INFO: how many connections wait in a blocking command. */
    long blockedClients() {
        try (Jedis direct = direct()) {
            for (String line : direct.info("clients").split("\r\n")) {
                if (line.startsWith("blocked_clients:")) {
                    return Long.parseLong(line.substring("blocked_clients:".length()));
                }
            }
        }
        return 0;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        sandbox.close();
    }
}
