package io.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starting and stopping single Redis servers, and cleaning up after them. */
class SandboxTest {

    private final Sandbox sandbox = new Sandbox();

    @AfterEach
    void closeSandbox() {
        sandbox.close();
    }

    @Test
    void startedRedisAnswersOnItsOwnLoopbackPort() {
        RedisNode redis = sandbox.startRedis();

        assertThat(redis.host()).isEqualTo("127.0.0.1");
        assertThat(redis.endpoint().port()).isEqualTo(redis.port());
        assertThat(redis.call("PING")).isEqualTo("PONG");
        assertThat(redis.call("CONFIG", "GET", "port")).isEqualTo("port\n" + redis.port());
        assertThat(redis.call("INFO", "server")).contains("process_id:" + redis.pid());
        assertThat(redis.role()).isEqualTo("master");
        assertThat(sandbox.redisNodes()).containsExactly(redis);
    }

    @Test
    void callRendersEachReplyTypeAsText() {
        RedisNode redis = sandbox.startRedis();

        assertThat(redis.call("SET", "k", "v")).isEqualTo("OK");
        assertThat(redis.call("GET", "k")).isEqualTo("v");
        assertThat(redis.call("GET", "missing")).isNull();
        assertThat(redis.call("INCR", "n")).isEqualTo("1");
        assertThat(redis.call("RPUSH", "l", "a", "b", "c")).isEqualTo("3");
        assertThat(redis.call("LRANGE", "l", "0", "-1")).isEqualTo("a\nb\nc");
        assertThat(redis.call("MGET", "k", "missing")).isEqualTo("v\n");
        assertThat(redis.call("NOSUCHCOMMAND")).startsWith("-ERR unknown command");
    }

    @Test
    void extraConfigLinesApplyAndRequirepassIsUsedByCall() throws IOException {
        RedisNode redis = sandbox.startRedis("requirepass s3cret", "maxmemory 10mb");

        assertThat(redis.call("CONFIG", "GET", "maxmemory")).isEqualTo("maxmemory\n10485760");
        assertThat(redis.call("PING")).isEqualTo("PONG");
        assertThat(Files.readAllLines(redis.configFile()).toString()).contains("requirepass s3cret");
    }

    @Test
    void eachNodeGetsItsOwnPortAndDirectory() {
        RedisNode a = sandbox.startRedis();
        RedisNode b = sandbox.startRedis();

        assertThat(a.port()).isNotEqualTo(b.port());
        assertThat(a.dir()).isNotEqualTo(b.dir());
        assertThat(a.dir().getParent()).isEqualTo(sandbox.dir());
        assertThat(a.logFile()).exists().startsWith(a.dir());
    }

    @Test
    void aConfigErrorFailsTheStartWithTheLogTail() {
        assertThatThrownBy(() -> sandbox.startRedis("no-such-directive 1"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void closeKillsEveryProcessByPidAndDeletesTheDirectory() {
        RedisNode master = sandbox.startRedis();
        RedisNode replica = sandbox.startReplica(master);
        SentinelNode sentinel = sandbox.startSentinel("mymaster", master, 1);
        replica.pause();
        List<Long> pids = List.of(master.pid(), replica.pid(), sentinel.pid());
        Path dir = sandbox.dir();

        sandbox.close();

        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d", pid).isEmpty();
        }
        assertThat(dir).doesNotExist();
        assertThatThrownBy(sandbox::startRedis).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(master::restart).isInstanceOf(IllegalStateException.class);
    }
}
