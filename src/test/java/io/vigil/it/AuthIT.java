package io.vigil.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AUTH on both sides: clients to Vigil, Vigil to Redis. */
class AuthIT {

    @Test
    void redisAuthIsWhatClientsAndBackendsUseAsInTwemproxy() throws Exception {
        try (VigilFixture vigil = VigilFixture.start("  redis_auth: s3cret\n", "requirepass s3cret")) {
            try (Jedis j = vigil.jedis()) {
                assertThatThrownBy(() -> j.get("k")).isInstanceOf(JedisDataException.class)
                        .hasMessageStartingWith("NOAUTH");
                assertThatThrownBy(() -> j.auth("wrong")).hasMessageStartingWith("WRONGPASS");
                assertThat(j.auth("s3cret")).isEqualTo("OK");
                assertThat(j.set("k", "v")).isEqualTo("OK");
                assertThat(j.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void backendsAuthenticateAsAnAclUserWhileClientsUseTheirOwnPassword() throws Exception {
        String pool = "  redis_username: proxy\n  redis_auth: backend-pass\n  client_auth: client-pass\n";
        try (VigilFixture vigil = VigilFixture.start(pool,
                "requirepass admin-only", "user proxy on >backend-pass ~* &* +@all")) {
            try (Jedis j = vigil.jedis()) {
                assertThatThrownBy(() -> j.auth("backend-pass")).hasMessageStartingWith("WRONGPASS");
                assertThat(j.auth("client-pass")).isEqualTo("OK");
                assertThat(j.set("acl", "ok")).isEqualTo("OK");
                assertThat(j.aclWhoAmI()).isEqualTo("proxy");
            }
        }
    }

    @Test
    void helloWithAuthAuthenticatesAndSwitchesToResp3() throws Exception {
        try (VigilFixture vigil = VigilFixture.start("  redis_auth: pw\n", "requirepass pw")) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(vigil.port())
                    .withPassword("pw".toCharArray()).withTimeout(Duration.ofSeconds(10)).build());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("hello", "resp3");
                assertThat(c.sync().get("hello")).isEqualTo("resp3");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void authWithoutAPasswordConfiguredGetsRedisError() throws Exception {
        try (VigilFixture vigil = VigilFixture.start(); Jedis j = vigil.jedis()) {
            assertThatThrownBy(() -> j.auth("x")).hasMessageContaining("without any password configured");
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }
}
