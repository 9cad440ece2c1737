package io.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kill, stop, pause, resume and restart act on the real process and return in the new state. */
class FaultInjectionTest {

    private static Sandbox sandbox;

    @BeforeAll
    static void openSandbox() {
        sandbox = new Sandbox();
    }

    @AfterAll
    static void closeSandbox() {
        sandbox.close();
    }

    @Test
    void killEndsTheProcessAtOnce() {
        RedisNode redis = sandbox.startRedis();
        long pid = redis.pid();

        redis.kill();

        assertThat(redis.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThatThrownBy(() -> redis.call("PING")).isInstanceOf(SandboxException.class);
    }

    @Test
    void stopExitsWithoutSavingEvenWhenPaused() {
        RedisNode redis = sandbox.startRedis();
        redis.call("SET", "k", "v");
        redis.pause();

        redis.stop();

        assertThat(redis.isAlive()).isFalse();
        assertThat(redis.dir().resolve("dump.rdb")).doesNotExist();
        assertThat(redis.logFile()).content().contains("Received SIGTERM");
    }

    @Test
    void pausedNodeAnswersNothingUntilResumed() {
        RedisNode redis = sandbox.startRedis();

        redis.pause();

        assertThat(redis.isAlive()).isTrue();
        assertThatThrownBy(() -> redis.call("PING"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("timed out");

        redis.resume();

        assertThat(redis.call("PING")).isEqualTo("PONG");
    }

    @Test
    void restartComesBackOnTheSamePortWithANewPid() {
        RedisNode redis = sandbox.startRedis("maxmemory 20mb");
        int port = redis.port();
        long firstPid = redis.pid();
        redis.kill();

        redis.restart();

        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.pid()).isNotEqualTo(firstPid);
        assertThat(redis.call("INFO", "server")).contains("process_id:" + redis.pid());
        assertThat(redis.call("CONFIG", "GET", "maxmemory")).isEqualTo("maxmemory\n20971520");
    }

    @Test
    void restartOfARunningNodeStopsItFirst() {
        RedisNode redis = sandbox.startRedis();
        long firstPid = redis.pid();

        redis.restart();

        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(redis.call("PING")).isEqualTo("PONG");
    }

    @Test
    void restartFailsClearlyWhenAnotherProcessTookThePort() throws IOException {
        RedisNode redis = sandbox.startRedis();
        redis.kill();

        try (ServerSocket squatter = new ServerSocket(redis.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(redis::restart)
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("port " + squatter.getLocalPort());
            assertThat(redis.isAlive()).isFalse();
        }
    }
}
