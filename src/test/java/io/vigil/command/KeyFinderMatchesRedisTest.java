package io.vigil.command;

import io.vigil.protocol.RespRequest;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asks a real redis-server which arguments are keys ({@code COMMAND GETKEYS}) and checks that
 * {@link CommandSpec#keys} names the same ones, in the same order, for every key-spec shape.
 * Requests are written space-separated, with {@code ''} for an empty argument; every argument is
 * distinct where it matters, so equal key names mean equal positions. It also checks that the
 * checked-in table knows every command the local server has.
 */
class KeyFinderMatchesRedisTest {

    private static Sandbox sandbox;
    private static Jedis jedis;

    private final CommandTable table = CommandTable.standard();
    private final Requests requests = new Requests();

    @BeforeAll
    static void startRedis() {
        sandbox = new Sandbox();
        RedisNode node = sandbox.startRedis();
        jedis = new Jedis(node.host(), node.port());
    }

    @AfterAll
    static void stopRedis() {
        if (jedis != null) {
            jedis.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void release() {
        requests.releaseAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // index + range 0
            "GET k", "SET k v", "SET k v EX 10 GET", "GETEX k PERSIST", "GETDEL k", "APPEND k v", "INCR k",
            "STRLEN k", "EXPIRE k 10", "TTL k", "TYPE k", "DUMP k", "RESTORE k 0 payload", "MOVE k 1",
            "HSET h f v", "HMGET h f1 f2", "SADD s m", "ZADD z 1 m", "LPUSH l a", "LINSERT l BEFORE p e",
            "SETRANGE k 0 v", "GETRANGE k 0 1", "SUBSTR k 0 1", "PFADD h a", "BITCOUNT k",
            "BITFIELD k GET u8 0", "BITFIELD k SET u8 0 1", "BITFIELD_RO k GET u8 0", "GEOADD g 1 2 m",
            "XADD s * f v", "XRANGE s - +", "XTRIM s MAXLEN 10", "XDEL s 1-1", "XACK s g 1-1",
            "XAUTOCLAIM s g c 0 0", "XCLAIM s g c 0 1-1", "XPENDING s g", "XSETID s 1-1",
            // subcommands with a key
            "OBJECT ENCODING k", "OBJECT FREQ k", "OBJECT IDLETIME k", "MEMORY USAGE k SAMPLES 5",
            "XINFO STREAM s FULL", "XINFO GROUPS s", "XINFO CONSUMERS s g", "XGROUP CREATE s g $ MKSTREAM",
            "XGROUP SETID s g 0", "XGROUP DESTROY s g",
            // several fixed indexes, ranges to the end, steps
            "MGET a", "MGET a b c", "MSET a 1 b 2", "MSETNX a 1 b 2 c 3", "DEL a", "DEL a b c", "UNLINK a b",
            "EXISTS a b", "TOUCH a b", "WATCH a b", "RENAME a b", "RENAMENX a b", "COPY a b REPLACE",
            "SMOVE a b m", "LMOVE a b LEFT RIGHT", "BLMOVE a b LEFT RIGHT 0", "RPOPLPUSH a b",
            "BRPOPLPUSH a b 0", "BLPOP a b 0", "BRPOP a 0", "BZPOPMIN a b 0", "BITOP AND d a b",
            "BITOP NOT d a", "PFCOUNT a b", "PFMERGE d a b", "LCS a b", "LCS a b LEN", "SINTER a b",
            "SUNIONSTORE d a b", "SDIFFSTORE d a b c", "GEOSEARCHSTORE d src FROMMEMBER m BYRADIUS 1 km",
            "ZRANGESTORE d src 0 -1",
            // keynum
            "EVAL s 0", "EVAL s 2 k1 k2 a1", "EVALSHA sha 1 k1", "EVAL_RO s 1 k1 a", "EVALSHA_RO sha 0",
            "FCALL f 2 k1 k2", "FCALL_RO f 1 k1", "ZUNIONSTORE d 2 a b WEIGHTS 1 2 AGGREGATE SUM",
            "ZINTERSTORE d 1 a", "ZDIFFSTORE d 2 a b", "ZUNION 2 a b WITHSCORES", "ZINTER 3 a b c",
            "ZDIFF 2 a b", "ZINTERCARD 2 a b LIMIT 5", "SINTERCARD 3 a b c", "BLMPOP 0 2 a b LEFT COUNT 2",
            "LMPOP 1 a RIGHT", "ZMPOP 2 a b MIN", "BZMPOP 1 1 a MAX",
            // keyword search, forwards and backwards
            "XREAD STREAMS s1 0", "XREAD COUNT 2 BLOCK 10 STREAMS s1 s2 0 0", "XREAD STREAMS a b c",
            "XREADGROUP GROUP g c COUNT 1 STREAMS s1 s2 > >", "XREADGROUP GROUP g c NOACK STREAMS s >",
            "GEORADIUS g 1 2 3 km", "GEORADIUS g 1 2 3 km STORE d", "GEORADIUS g 1 2 3 km WITHDIST STOREDIST d",
            "GEORADIUS g 1 2 3 km STORE d1 STOREDIST d2", "GEORADIUS g 1 2 3 km STORE",
            "GEORADIUSBYMEMBER g m 3 km STORE d", "GEORADIUSBYMEMBER_RO g m 3 km",
            "MIGRATE h 6379 k 0 5000", "MIGRATE h 6379 k 0 5000 COPY REPLACE",
            "MIGRATE h 6379 '' 0 5000 KEYS a b c", "MIGRATE h 6379 '' 0 5000 AUTH pw KEYS a b",
            "MIGRATE h 6379 '' 0 5000 AUTH2 user keys KEYS a", "MIGRATE h 6379 '' 0 5000 KEYS a keys",
            // Redis's own procedure
            "SORT l", "SORT l ALPHA STORE d", "SORT l BY w_* GET # LIMIT 0 10 STORE d",
            "SORT l STORE d1 STORE d2", "SORT l GET store STORE d", "SORT l LIMIT 0 store d", "SORT l STORE", "SORT_RO l BY w_* GET #",
    })
    void findsTheKeysRedisFinds(String command) {
        String[] args = split(command);
        List<String> redis = redisKeys(args);
        assertThat(redis).as("Redis answered an error for a request meant to be valid").isNotNull();
        assertThat(vigilKeys(args)).as(command).isEqualTo(redis);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "EVAL s 3 k", "EVAL s x k", "EVAL s -1", "ZUNIONSTORE d 0", "ZINTER 2 a", "LMPOP 0 LEFT",
            "XREAD COUNT 1 STREAMS a", "XREAD BLOCK 0 COUNT 1", "MIGRATE h 6379 k 0 5000 KEYS a",
            "PING", "SPUBLISH ch m", "CONFIG GET maxmemory",
    })
    void findsNoKeysWhereRedisFindsNone(String command) {
        String[] args = split(command);
        List<String> redis = redisKeys(args);
        assertThat(redis == null || redis.isEmpty()).as("Redis found keys: " + redis).isTrue();
        List<String> vigil = vigilKeys(args);
        assertThat(vigil == null || vigil.isEmpty()).as(command + " gave " + vigil).isTrue();
    }

    @Test
    void tableKnowsEveryCommandOfTheLocalServer() {
        @SuppressWarnings("unchecked")
        List<byte[]> names = (List<byte[]>) jedis.sendCommand(Protocol.Command.COMMAND, "LIST");
        assertThat(names).hasSizeGreaterThan(200);
        for (byte[] name : names) {
            String command = new String(name, StandardCharsets.UTF_8);
            assertThat(table.lookup(command))
                    .as(command + " is missing: regenerate with scripts/gen-command-table.py")
                    .isNotNull();
        }
    }

    private static String[] split(String command) {
        return Arrays.stream(command.split(" ")).map(a -> a.equals("''") ? "" : a).toArray(String[]::new);
    }

    /** COMMAND GETKEYS's answer, or null for an error reply. */
    @SuppressWarnings("unchecked")
    private static List<String> redisKeys(String[] args) {
        String[] getkeys = new String[args.length + 1];
        getkeys[0] = "GETKEYS";
        System.arraycopy(args, 0, getkeys, 1, args.length);
        try {
            List<byte[]> reply = (List<byte[]>) jedis.sendCommand(Protocol.Command.COMMAND, getkeys);
            return reply.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        } catch (JedisDataException error) {
            return null;
        }
    }

    /** Our keys by value, or null when we call the request malformed. */
    private List<String> vigilKeys(String[] args) {
        RespRequest req = requests.of(args);
        int[] indexes = table.lookup(req).keyIndexes(req);
        if (indexes == null) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        for (int i : indexes) {
            keys.add(req.argString(i));
        }
        return keys;
    }
}
