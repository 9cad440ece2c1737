package io.vigil.command;

import io.vigil.protocol.RespRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFinderTest {

    private final CommandTable table = CommandTable.standard();
    private final Requests requests = new Requests();

    @AfterEach
    void release() {
        requests.releaseAll();
    }

    private int[] keys(String... args) {
        RespRequest req = requests.of(args);
        return table.lookup(req).keyIndexes(req);
    }

    @Test
    void findsASingleKeyAtAFixedIndex() {
        assertThat(keys("GET", "k")).containsExactly(1);
        assertThat(keys("SET", "k", "v", "GET")).containsExactly(1);
        assertThat(keys("OBJECT", "ENCODING", "k")).containsExactly(2);
        assertThat(keys("XINFO", "STREAM", "s", "FULL")).containsExactly(2);
    }

    @Test
    void findsRangesOfKeysWithAStep() {
        assertThat(keys("DEL", "a", "b", "c")).containsExactly(1, 2, 3);
        assertThat(keys("MSET", "a", "1", "b", "2")).containsExactly(1, 3);
        assertThat(keys("BLPOP", "a", "b", "0")).containsExactly(1, 2);
        assertThat(keys("BITOP", "AND", "d", "a", "b")).containsExactly(2, 3, 4);
        assertThat(keys("LCS", "a", "b", "LEN")).containsExactly(1, 2);
        assertThat(keys("RENAME", "a", "b")).containsExactly(1, 2);
    }

    @Test
    void readsTheKeyCountFromAnArgument() {
        assertThat(keys("EVAL", "return 1", "2", "k1", "k2", "arg")).containsExactly(3, 4);
        assertThat(keys("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2")).containsExactly(1, 3, 4);
        assertThat(keys("BLMPOP", "0", "2", "a", "b", "LEFT")).containsExactly(3, 4);
        assertThat(keys("SINTERCARD", "2", "a", "b", "LIMIT", "1")).containsExactly(2, 3);
    }

    @Test
    void acceptsZeroKeysOnlyWhereRedisDoes() {
        assertThat(keys("EVAL", "return 1", "0")).isEmpty();
        assertThat(keys("FCALL_RO", "f", "0", "arg")).isEmpty();
        assertThat(keys("ZUNIONSTORE", "d", "0")).isNull();
        assertThat(keys("LMPOP", "0", "LEFT")).isNull();
    }

    @Test
    void reportsAKeyCountThatDoesNotFitAsMalformed() {
        assertThat(keys("EVAL", "return 1", "3", "k1")).isNull();
        assertThat(keys("EVAL", "return 1", "x", "k1")).isNull();
        assertThat(keys("EVAL", "return 1", "-1", "k1")).isNull();
        assertThat(keys("EVAL", "return 1", "99999999999999", "k1")).isNull();
        assertThat(keys("ZINTER", "2", "a")).isNull();
    }

    @Test
    void searchesForAKeywordBeforeTheKeys() {
        assertThat(keys("XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0")).containsExactly(4, 5);
        assertThat(keys("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")).containsExactly(5);
        assertThat(keys("XREAD", "BLOCK", "0", "COUNT", "1")).isEmpty();
        assertThat(keys("XREAD", "COUNT", "1", "STREAMS", "a")).isNull();
        assertThat(keys("GEORADIUS", "g", "1", "2", "3", "km", "STORE", "a", "STOREDIST", "b"))
                .containsExactly(1, 7, 9);
        assertThat(keys("GEORADIUS", "g", "1", "2", "3", "km", "STORE")).containsExactly(1);
    }

    @Test
    void followsSortToItsLastStoreSkippingOptionArguments() {
        assertThat(keys("SORT", "l")).containsExactly(1);
        assertThat(keys("SORT", "l", "BY", "store", "GET", "store", "LIMIT", "0", "10", "STORE", "d1", "STORE", "d2"))
                .containsExactly(1, 12);
        assertThat(keys("SORT", "l", "LIMIT", "0", "store", "d")).containsExactly(1);
        assertThat(keys("SORT_RO", "l", "BY", "w_*")).containsExactly(1);
    }

    @Test
    void followsMigrateToItsKeysOption() {
        assertThat(keys("MIGRATE", "h", "6379", "k", "0", "5000")).containsExactly(3);
        assertThat(keys("MIGRATE", "h", "6379", "", "0", "5000", "COPY", "AUTH", "keys", "KEYS", "a", "b"))
                .containsExactly(10, 11);
        assertThat(keys("MIGRATE", "h", "6379", "k", "0", "5000", "KEYS", "a")).isNull();
    }

    @Test
    void skipsChannelsAndKeylessCommands() {
        assertThat(keys("SPUBLISH", "ch", "m")).isEmpty();
        assertThat(table.lookup("spublish").hasKeys()).isFalse();
        assertThat(keys("PING")).isEmpty();
        assertThat(keys("CONFIG", "NOSUCH", "x")).isEmpty();
        assertThat(table.lookup("sort").hasKeys()).isTrue();
    }

    @Test
    void reportsAKeyPastTheEndAsMalformed() {
        RespRequest req = requests.of("GET");
        assertThat(table.lookup(req).keys(req, new int[1])).isEqualTo(-1);
    }

    @Test
    void refusesAnOutputArrayShorterThanTheArguments() {
        RespRequest req = requests.of("MGET", "a", "b");
        assertThatThrownBy(() -> table.lookup(req).keys(req, new int[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("out: 2 slots (expected: at least argCount 3)");
    }

    @Test
    void lookupAndKeyFindingAllocateNothing() {
        RespRequest[] reqs = {
                requests.of("get", "k"),
                requests.of("CONFIG", "GET", "x"),
                requests.of("EVAL", "s", "2", "a", "b"),
                requests.of("XREAD", "COUNT", "1", "STREAMS", "a", "0"),
                requests.of("SORT", "l", "STORE", "d"),
                requests.of("MIGRATE", "h", "1", "", "0", "5", "KEYS", "a"),
                requests.of("NOSUCH", "x"),
        };
        int[] out = new int[16];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                RespRequest req = reqs[i % reqs.length];
                CommandSpec spec = table.lookup(req);
                sum += spec == null ? 0 : spec.keys(req, out);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // a single allocation per request would be 20,000 × 16 bytes or more
            assertThat(allocated).as("bytes allocated in round %d", round).isLessThan(20_000);
        }
        assertThat(sum).isPositive();
    }
}
