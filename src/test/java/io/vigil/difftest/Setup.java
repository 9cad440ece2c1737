package io.vigil.difftest;

import io.vigil.config.ConfigLoader;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.sandbox.SentinelNode;
import io.vigil.server.VigilServer;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two sides of a differential run, on loopback: a fresh redis-server on its own, and Vigil
 * (in this JVM, on one event loop so that every client shares its backend connections) in
 * front of identical fresh nodes: one Redis, three shards, or a Sentinel-managed master.
 */
final class Setup implements AutoCloseable {

    final Sandbox sandbox = new Sandbox();
    final Target redis;
    final Target vigil;
    final boolean sharded;
    private VigilServer server;

    private Setup(String kind) throws Exception {
        RedisNode reference = sandbox.startRedis();
        redis = new Target("redis", reference.port(), List.of(reference.port()));
        StringBuilder yaml = new StringBuilder("diff:\n  listen: 127.0.0.1:0\n  redis: true\n  server_connections: 1\n");
        List<Integer> data = new ArrayList<>();
        switch (kind) {
            case "single" -> {
                RedisNode node = sandbox.startRedis();
                data.add(node.port());
                yaml.append("  servers:\n    - 127.0.0.1:").append(node.port()).append(":1 one\n");
            }
            case "sharded" -> {
                yaml.append("  hash: fnv1a_64\n  distribution: ketama\n  hash_tag: \"{}\"\n  servers:\n");
                for (int i = 0; i < 3; i++) {
                    RedisNode node = sandbox.startRedis();
                    data.add(node.port());
                    yaml.append("    - 127.0.0.1:").append(node.port()).append(":1 s").append(i).append('\n');
                }
            }
            case "sentinel" -> {
                RedisNode master = sandbox.startRedis();
                sandbox.startReplica(master);
                SentinelNode sentinel = sandbox.startSentinel("diffmaster", master, 1);
                data.add(master.port());
                yaml.append("  sentinels:\n    - 127.0.0.1:").append(sentinel.port())
                        .append("\n  servers:\n    - diffmaster\n");
            }
            default -> throw new IllegalArgumentException("kind: " + kind + " (expected: single, sharded, sentinel)");
        }
        sharded = kind.equals("sharded");
        server = VigilServer.start(ConfigLoader.parse(yaml.toString(), Path.of("diff.yml")), 1);
        int port = server.address("diff").getPort();
        vigil = new Target("vigil", port, List.copyOf(data));
        awaitWritable(port);
    }

    static Setup start(String kind) throws Exception {
        return new Setup(kind);
    }

    private static void awaitWritable(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Jedis j = new Jedis("127.0.0.1", port, 2_000)) {
                if ("OK".equals(j.set("difftest:ready", "1")) && j.del("difftest:ready") == 1) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the pool has no verified master yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Vigil on port " + port + " never took a write");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        sandbox.close();
    }
}
