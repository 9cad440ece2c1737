package io.vigil.it;

import io.netty.buffer.Unpooled;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.routing.ShardMap;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.server.VigilServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** twemproxy's auto_eject_hosts on static shards: a dead server leaves the ring, and comes back. */
class EjectionIT {

    @Test
    void aDeadStaticServerIsEjectedItsKeysMoveAndItComesBackAfterTheRetryTimeout() throws Exception {
        try (Sandbox sandbox = new Sandbox()) {
            List<RedisNode> shards = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                shards.add(sandbox.startRedis());
            }
            StringBuilder yaml = new StringBuilder("ej:\n  listen: 127.0.0.1:0\n  redis: true\n  timeout: 500\n"
                    + "  auto_eject_hosts: true\n  server_failure_limit: 2\n  server_retry_timeout: 1500\n  servers:\n");
            for (int i = 0; i < 3; i++) {
                yaml.append("    - 127.0.0.1:").append(shards.get(i).port()).append(":1 s").append(i).append('\n');
            }
            VigilConfig config = ConfigLoader.parse(yaml.toString(), Path.of("eject.yml"));
            ShardMap full = ShardMap.of(config.pools().get(0));
            try (VigilServer vigil = VigilServer.start(config, 1);
                 Jedis j = new Jedis("127.0.0.1", vigil.address("ej").getPort(), 5000)) {
                String key = keyOn(full, 1, "moving");
                String stays = keyOn(full, 0, "staying");
                boolean[] out = {false, true, false};
                int newHome = at(full.without(out), key);
                assertThat(newHome).isNotEqualTo(1);
                assertThat(at(full.without(out), stays)).as("keys of live servers stay put").isZero();

                shards.get(1).kill();
                // a few errors, then the server is out and the key's new home takes it
                await().atMost(10, TimeUnit.SECONDS).ignoreExceptionsInstanceOf(JedisDataException.class)
                        .until(() -> "OK".equals(j.set(key, "moved")));
                assertThat(shards.get(newHome).call("GET", key)).isEqualTo("moved");
                assertThat(j.set(stays, "here")).isEqualTo("OK");
                assertThat(shards.get(0).call("GET", stays)).isEqualTo("here");

                // back after the retry timeout: the key is placed on its own server again
                shards.get(1).restart();
                await().atMost(15, TimeUnit.SECONDS).ignoreExceptionsInstanceOf(JedisDataException.class).until(() -> {
                    j.set(key, "home");
                    return "home".equals(shards.get(1).call("GET", key));
                });
            }
        }
    }

    private static int at(ShardMap map, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return map.shardFor(Unpooled.wrappedBuffer(k), 0, k.length);
    }

    private static String keyOn(ShardMap map, int shard, String prefix) {
        for (int i = 0; ; i++) {
            if (at(map, prefix + i) == shard) {
                return prefix + i;
            }
        }
    }
}
