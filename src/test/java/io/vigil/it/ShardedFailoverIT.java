package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool of three shards, each a Sentinel group, under traffic to every shard: one shard's master is
 * killed and Sentinel promotes its replica. Unlike twemproxy, which would eject the dead server and
 * move its keys to the others, Vigil keeps every key on its shard and only that shard's clients wait.
 */
class ShardedFailoverIT {

    static final String POOL = "  timeout: 1000\n  failover_hold: 8000\n";
    /** Each load pauses this long between commands, so that Load's lists stay small. */
    static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final int PROBES = 300;

    @Test
    void killingOneShardsMasterCostsTheOtherShardsNothingAndMovesNoKey() throws Exception {
        try (ShardedSentinelFixture f = ShardedSentinelFixture.start(POOL);
             Jedis ja = f.jedis(); Jedis jb = f.jedis(); Jedis jc = f.jedis(); Jedis jx = f.jedis(); Jedis probe = f.jedis();
             SwitchWatch watch = new SwitchWatch(f.sentinels)) {
            f.awaitSentinelsReady(1);
            int a = f.shardNamed("shard-a");
            int b = f.shardNamed("shard-b");
            int c = f.shardNamed("shard-c");
            Map<String, RedisNode> before = new LinkedHashMap<>();
            for (String name : ShardedSentinelFixture.NAMES) {
                before.put(name, f.sentinelMaster(name));
            }

            // probes written well before the kill, and replicated, must all survive where ShardMap put them
            List<String> probes = spreadKeys(f, "probe");
            for (String k : probes) {
                assertThat(probe.set(k, "v-" + k)).isEqualTo("OK");
            }
            assertOnTheirShardOnly(f, probes, before, "probes before the kill");
            for (String name : ShardedSentinelFixture.NAMES) {
                awaitReplicated(f.groups.get(name).get(0), f.groups.get(name).get(1));
            }

            List<String> crossMismatches = new CopyOnWriteArrayList<>();
            Load[] writers = new Load[3];
            Load cross;
            writers[a] = writer(f, "writer-a", ja, a);
            writers[b] = writer(f, "writer-b", jb, b);
            writers[c] = writer(f, "writer-c", jc, c);
            cross = new Load("cross", jx, (j, n) -> crossShard(f, j, n, crossMismatches));
            long killedAt;
            long switchAt;
            RedisNode oldB = before.get("shard-b");
            RedisNode replicaB = f.groups.get("shard-b").get(1);
            try {
                awaitProgress(200, writers[a], writers[b], writers[c], cross);
                watch.reset();
                oldB.kill();
                killedAt = System.nanoTime();
                await().atMost(30, TimeUnit.SECONDS).until(() -> watch.firstSwitchNanos != 0);
                switchAt = watch.firstSwitchNanos;
                assertThat(watch.firstPayload).as("+switch-master payload").startsWith("shard-b ");
                await().atMost(30, TimeUnit.SECONDS).until(() -> writers[b].firstSuccessAfter(switchAt) != null
                        || writers[b].connectionLost != null);
                awaitProgress(200, writers[a], writers[b], writers[c], cross);
            } finally {
                for (Load w : writers) {
                    w.close();
                }
                cross.close();
            }

            // (1) shards a and c: no error, same connection, and served while shard b took no write
            long resumedAt = writers[b].firstSuccessAfter(killedAt).nanos();
            for (int s : new int[] {a, c}) {
                Load w = writers[s];
                assertThat(w.errors).as("errors seen by the writer of %s", f.nameOf(s)).isEmpty();
                assertThat(w.connectionLost).as("connection of the writer of %s", f.nameOf(s)).isNull();
                assertThat(countBetween(w, killedAt, resumedAt))
                        .as("writes to %s acknowledged while shard-b took none", f.nameOf(s)).isPositive();
            }
            // (2) shard b resumes on the same connection once the replica is promoted
            assertThat(writers[b].connectionLost).as("connection of the writer of shard-b").isNull();
            assertThat(writers[b].firstSuccessAfter(switchAt)).as("a write to shard-b after the switch").isNotNull();
            assertThat(cross.connectionLost).as("connection of the cross-shard client").isNull();
            assertThat(crossMismatches).as("MGET right after an acknowledged MSET read other values").isEmpty();
            assertThat(f.sentinelMaster("shard-b")).as("shard-b's new master").isSameAs(replicaB);
            assertThat(f.roleMaster("shard-b")).as("the node of shard-b that answers ROLE master").isSameAs(replicaB);
            assertThat(f.sentinelMaster("shard-a")).as("shard-a's master").isSameAs(before.get("shard-a"));
            assertThat(f.sentinelMaster("shard-c")).as("shard-c's master").isSameAs(before.get("shard-c"));
            Map<String, RedisNode> after = new LinkedHashMap<>(before);
            after.put("shard-b", replicaB);

            // (3) acknowledged writes: all of a's and c's; b's except a tail lost to asynchronous replication
            for (int s : new int[] {a, c}) {
                assertThat(missing(after.get(f.nameOf(s)), f, writers[s], s, "w"))
                        .as("acknowledged keys of %s missing from its master", f.nameOf(s)).isEmpty();
                assertThat(missing(after.get(f.nameOf(s)), f, cross, s, "x"))
                        .as("acknowledged MSET keys of %s missing from its master", f.nameOf(s)).isEmpty();
            }
            List<Long> lostB = missing(replicaB, f, writers[b], b, "w");
            List<Long> lostCross = missing(replicaB, f, cross, b, "x");
            assertLostOnlyATailBeforeTheKill(writers[b], lostB, killedAt, "writer-b");
            assertLostOnlyATailBeforeTheKill(cross, lostCross, killedAt, "cross-shard MSET");

            // (4) nothing ejected, nothing resharded: every key on the shard ShardMap names, and only there
            assertOnTheirShardOnly(f, probes, after, "probes after the failover");
            for (int s = 0; s < 3; s++) {
                List<String> present = new ArrayList<>(acknowledgedKeys(f, writers[s], s, "w"));
                present.addAll(acknowledgedKeys(f, cross, s, "x"));
                for (int other = 0; other < 3; other++) {
                    if (other != s) {
                        assertThat(countExisting(after.get(f.nameOf(other)), present))
                                .as("keys of %s found on %s", f.nameOf(s), f.nameOf(other)).isZero();
                    }
                }
            }
            for (String k : probes) {
                assertThat(probe.get(k)).as("%s read through Vigil", k).isEqualTo("v-" + k);
            }
            List<String> fresh = spreadKeys(f, "fresh");
            for (String k : fresh) {
                assertThat(probe.set(k, "v-" + k)).isEqualTo("OK");
            }
            assertOnTheirShardOnly(f, fresh, after, "keys written after the failover");

            System.out.printf("FAILOVER-FIGURES sharded: shard-b saw no successful write for %.1f ms"
                            + " (kill -> first +switch-master %.1f ms; first write to shard-b %+.1f ms from it: Vigil asks the sentinels"
                            + " and verifies ROLE, so it may move before the event reaches a subscriber);"
                            + " errors seen: writer-a %d, writer-b %d %s, writer-c %d, cross-shard MSET/MGET %d %s;"
                            + " acknowledged shard-b keys missing on the new master: %d of %d (writer-b), %d of %d (MSET);"
                            + " writes acknowledged during shard-b's outage: shard-a %d, shard-c %d%n",
                    (resumedAt - writers[b].lastSuccessBefore(killedAt)) / 1e6,
                    (switchAt - killedAt) / 1e6, (resumedAt - switchAt) / 1e6,
                    writers[a].errors.size(), writers[b].errors.size(), distinctMessages(writers[b]),
                    writers[c].errors.size(), cross.errors.size(), distinctMessages(cross),
                    lostB.size(), writers[b].successCount(), lostCross.size(), cross.successCount(),
                    countBetween(writers[a], killedAt, resumedAt), countBetween(writers[c], killedAt, resumedAt));
            for (Load.Outcome e : cross.errors) {
                System.out.printf("FAILOVER-FIGURES sharded: cross-shard error %.1f ms after the kill: %s%n",
                        (e.nanos() - killedAt) / 1e6, e.error());
            }

            // A part of a split command that shard-b never executed is a request like any other: it
            // should wait for the new master and be sent again, as writer-b's SETs were (DESIGN,
            // "Switching a shard's master", steps 3-4: reads in flight are retried, requests wait up
            // to failover_hold). Only an MSET part in flight at the kill may fail, as unknown.
            List<String> unheld = cross.errors.stream().map(Load.Outcome::error)
                    .filter(e -> e.contains("cannot connect") || e.startsWith("MGET")).toList();
            assertThat(unheld).as("cross-shard MSET/MGET errors for parts that were never executed, or were reads,"
                    + " instead of being held and retried like writer-b's SETs (writer-b saw %d error(s): %s)",
                    writers[b].errors.size(), distinctMessages(writers[b])).isEmpty();
        }
    }

    /**
     * {@link #PROBES} keys of family {@code prefix}, a third on each shard. (Sequential keys such as
     * {@code probe:0…299} would not do: with fnv1a_64, ketama and these three names, nutcracker 0.5
     * itself puts 0, 10 and 290 of them on shard-a, -b and -c.)
     */
    private static List<String> spreadKeys(ShardedSentinelFixture f, String prefix) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            keys.add(f.keyOn(i % 3, prefix, i));
        }
        return keys;
    }

    /** SETs the n-th key of shard {@code shard} to n, on its own connection, one command about every ms. */
    private static Load writer(ShardedSentinelFixture f, String name, Jedis jedis, int shard) {
        return new Load(name, jedis, (j, n) -> {
            LockSupport.parkNanos(PACE_NANOS);
            return j.set(f.keyOn(shard, "w", n), Long.toString(n));
        });
    }

    /**
     * One MSET of a key on each shard, then an MGET of the same keys on the same connection. An error
     * from either is this load's error; an MGET that answers other values after an acknowledged MSET
     * is noted in {@code mismatches}.
     */
    private static Object crossShard(ShardedSentinelFixture f, Jedis j, long n, List<String> mismatches) {
        LockSupport.parkNanos(PACE_NANOS);
        String value = Long.toString(n);
        String[] keys = {f.keyOn(0, "x", n), f.keyOn(1, "x", n), f.keyOn(2, "x", n)};
        try {
            j.mset(keys[0], value, keys[1], value, keys[2], value);
        } catch (JedisDataException e) {
            throw new JedisDataException("MSET: " + e.getMessage());
        }
        List<?> got = (List<?>) j.sendCommand(Protocol.Command.MGET, keys);
        for (int i = 0; i < keys.length; i++) {
            Object e = got.get(i);
            if (e instanceof JedisDataException error) {
                throw new JedisDataException("MGET element " + i + ": " + error.getMessage());
            }
            String read = e == null ? null : new String((byte[]) e, StandardCharsets.UTF_8);
            if (!value.equals(read)) {
                mismatches.add(keys[i] + "=" + read + " (expected " + value + ")");
            }
        }
        return null;
    }

    /** The keys of {@code shard} that {@code load} had acknowledged, in sequence order. */
    private static List<String> acknowledgedKeys(ShardedSentinelFixture f, Load load, int shard, String prefix) {
        List<String> keys = new ArrayList<>();
        for (Load.Outcome o : load.successes) {
            keys.add(f.keyOn(shard, prefix, o.seq()));
        }
        return keys;
    }

    /**
     * The sequence numbers of {@code load}'s acknowledged keys of {@code shard} that {@code node}
     * does not hold with their value; read straight from the node, 500 keys per MGET.
     */
    private static List<Long> missing(RedisNode node, ShardedSentinelFixture f, Load load, int shard, String prefix) {
        List<Load.Outcome> acked = List.copyOf(load.successes);
        List<String> keys = acknowledgedKeys(f, load, shard, prefix);
        List<Long> lost = new ArrayList<>();
        try (Jedis direct = new Jedis("127.0.0.1", node.port(), 10_000)) {
            for (int from = 0; from < keys.size(); from += 500) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + 500));
                List<String> values = direct.mget(batch.toArray(new String[0]));
                for (int i = 0; i < batch.size(); i++) {
                    long seq = acked.get(from + i).seq();
                    if (!Long.toString(seq).equals(values.get(i))) {
                        lost.add(seq);
                    }
                }
            }
        }
        return lost;
    }

    /**
     * Asynchronous replication loses, at most, the newest writes the dead master had acknowledged: the
     * replica applies the replication stream in order. So the lost keys must all have been acknowledged
     * before the kill, and must be the last ones acknowledged before it.
     */
    private static void assertLostOnlyATailBeforeTheKill(Load load, List<Long> lost, long killedAt, String who) {
        List<Long> beforeKill = load.successes.stream().filter(o -> o.nanos() < killedAt).map(Load.Outcome::seq).toList();
        assertThat(beforeKill).as("%s: lost keys are among those acknowledged before the kill", who).containsAll(lost);
        List<Long> tail = beforeKill.subList(beforeKill.size() - lost.size(), beforeKill.size());
        assertThat(lost).as("%s: lost keys are the newest acknowledged before the kill", who).containsExactlyElementsOf(tail);
    }

    /** Each key is on the master {@code masters} names for its ShardMap shard, with its value, and on no other. */
    private static void assertOnTheirShardOnly(ShardedSentinelFixture f, List<String> keys,
                                               Map<String, RedisNode> masters, String what) {
        for (int s = 0; s < 3; s++) {
            int shard = s;
            List<String> mine = keys.stream().filter(k -> f.shardOf(k) == shard).toList();
            assertThat(mine).as("%s placed on %s", what, f.nameOf(s)).isNotEmpty();
            try (Jedis direct = new Jedis("127.0.0.1", masters.get(f.nameOf(s)).port(), 10_000)) {
                List<String> values = direct.mget(mine.toArray(new String[0]));
                for (int i = 0; i < mine.size(); i++) {
                    assertThat(values.get(i)).as("%s: %s on %s", what, mine.get(i), f.nameOf(s)).isEqualTo("v-" + mine.get(i));
                }
            }
            for (int other = 0; other < 3; other++) {
                if (other != s) {
                    assertThat(countExisting(masters.get(f.nameOf(other)), mine))
                            .as("%s of %s found on %s", what, f.nameOf(s), f.nameOf(other)).isZero();
                }
            }
        }
    }

    private static long countExisting(RedisNode node, List<String> keys) {
        long found = 0;
        try (Jedis direct = new Jedis("127.0.0.1", node.port(), 10_000)) {
            for (int from = 0; from < keys.size(); from += 500) {
                found += direct.exists(keys.subList(from, Math.min(keys.size(), from + 500)).toArray(new String[0]));
            }
        }
        return found;
    }

    /**
     * Waits until the replica has applied everything the master had written when this was called.
     * Master ROLE: master, offset, …; replica ROLE: slave, host, port, state, offset.
     */
    private static void awaitReplicated(RedisNode master, RedisNode replica) {
        long target = Long.parseLong(master.call("ROLE").split("\n")[1]);
        await().atMost(30, TimeUnit.SECONDS).until(() -> Long.parseLong(replica.call("ROLE").split("\n")[4]) >= target);
    }

    private static void awaitProgress(int more, Load... loads) {
        for (int i = 0; i < loads.length; i++) {
            Load load = loads[i];
            long target = load.successCount() + more;
            await().atMost(30, TimeUnit.SECONDS).until(() -> load.successCount() >= target || load.connectionLost != null);
            assertThat(load.connectionLost).as("connection of load %d (writers a, b, c, then cross-shard)", i).isNull();
        }
    }

    private static long countBetween(Load load, long from, long to) {
        return load.successes.stream().filter(o -> o.nanos() > from && o.nanos() < to).count();
    }

    private static List<String> distinctMessages(Load load) {
        return load.errors.stream().map(Load.Outcome::error).distinct().limit(5).toList();
    }
}
