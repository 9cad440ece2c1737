package io.vigil.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * State a client sets on its connection (db, name, protocol, reply mode) stays its own although
 * its commands travel on backend connections it shares with other clients.
 */
class SessionStateIT {

    static VigilFixture vigil;

    @BeforeAll
    static void start() throws Exception {
        // one shared backend connection per loop, so that clients really share it
        vigil = VigilFixture.start("  server_connections: 1\n");
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    @Test
    void eachClientStaysInItsOwnDbOnASharedConnection() throws Exception {
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int db = c % 4;
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                try (Jedis j = vigil.jedis()) {
                    assertThat(j.select(db)).isEqualTo("OK");
                    for (int i = 0; i < 300; i++) {
                        j.set("c" + client + ":" + i, "db" + db);
                        assertThat(j.get("c" + client + ":" + i)).isEqualTo("db" + db);
                    }
                }
            }));
        }
        for (CompletableFuture<Void> f : clients) {
            f.get();
        }
        try (Jedis direct = vigil.direct()) {
            for (int c = 0; c < 8; c++) {
                direct.select(c % 4);
                assertThat(direct.get("c" + c + ":299")).isEqualTo("db" + (c % 4));
            }
        }
    }

    @Test
    void selectOfABadIndexIsRefusedAndTheClientStaysWhereItWas() {
        try (Jedis j = vigil.jedis()) {
            j.select(2);
            j.set("where", "two");
            assertThatThrownBy(() -> j.select(999)).isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("DB index is out of range");
            assertThat(j.get("where")).isEqualTo("two");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SELECT, "x"))
                    .hasMessageContaining("value is not an integer or out of range");
        }
    }

    @Test
    void localCommandsAnswerAsRedisDoes() {
        try (Jedis j = vigil.jedis()) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.ping("hi")).isEqualTo("hi");
            assertThat(j.echo("e")).isEqualTo("e");
            assertThat(j.clientGetname()).isNull();
            assertThat(j.clientSetname("worker-1")).isEqualTo("OK");
            assertThat(j.clientGetname()).isEqualTo("worker-1");
            assertThatThrownBy(() -> j.clientSetname("bad name")).hasMessageContaining("cannot contain spaces");
            assertThat(j.clientId()).isPositive();
        }
    }

    @Test
    void unknownCommandsGetRedisOwnErrorAndTheConnectionStays() {
        try (Jedis j = vigil.jedis()) {
            assertThatThrownBy(() -> j.sendCommand(() -> "NOSUCHCOMMAND".getBytes(), "a"))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("unknown command");
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void resetReturnsTheConnectionToItsFirstState() {
        try (Jedis j = vigil.jedis()) {
            j.select(3);
            j.clientSetname("before-reset");
            assertThat(j.sendCommand(Protocol.Command.RESET)).isEqualTo("RESET".getBytes());
            assertThat(j.clientGetname()).isNull();
            j.set("after-reset", "db0");
        }
        try (Jedis direct = vigil.direct()) {
            assertThat(direct.get("after-reset")).isEqualTo("db0");
        }
    }

    @Test
    void clientReplyOffSilencesOnlyThisClient() {
        try (Jedis raw = vigil.jedis(); Jedis other = vigil.jedis()) {
            // CLIENT REPLY OFF then SET then ON: only the ON is answered
            raw.getConnection().sendCommand(Protocol.Command.CLIENT, "REPLY", "OFF");
            raw.getConnection().sendCommand(Protocol.Command.SET, "silent", "1");
            raw.getConnection().sendCommand(Protocol.Command.CLIENT, "REPLY", "ON");
            assertThat(raw.getConnection().getStatusCodeReply()).isEqualTo("OK");
            assertThat(other.get("silent")).isEqualTo("1");
            assertThat(other.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void quitAnswersOkThenCloses() {
        try (Jedis j = vigil.jedis()) {
            j.getConnection().sendCommand(() -> "QUIT".getBytes());
            assertThat(j.getConnection().getStatusCodeReply()).isEqualTo("OK");
            // then Vigil closes the connection: the next read sees end of stream
            assertThatThrownBy(() -> j.getConnection().getStatusCodeReply()).isNotNull();
        }
    }
}
