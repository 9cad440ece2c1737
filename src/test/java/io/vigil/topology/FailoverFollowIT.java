package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.config.Endpoint;
import io.vigil.sandbox.SentinelNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real failovers followed by the watcher: after a SIGKILL of the master, on SENTINEL FAILOVER, and
 * with first one, then two of the three sentinels dead. Each prints how long after the first
 * {@code +switch-master} (seen by a separate Jedis subscriber) the new master was published.
 */
class FailoverFollowIT {

    private SentinelGroup group;
    private SwitchClock clock;

    @AfterEach
    void closeGroup() {
        if (clock != null) {
            clock.close();
        }
        if (group != null) {
            group.close();
        }
    }

    @Test
    void publishesTheNewVerifiedMasterAfterTheMasterIsKilled() throws Exception {
        group = new SentinelGroup();
        group.watch();
        Endpoint old = group.master.endpoint();
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().writable());
        clock = new SwitchClock(group.sentinels);

        long killedAt = System.nanoTime();
        group.master.kill();

        Endpoint promoted = group.awaitSwitchFrom(old);
        assertThat(promoted).isIn(group.replicas.get(0).endpoint(), group.replicas.get(1).endpoint());
        assertThat(group.node(promoted).role()).isEqualTo("master");
        report("SIGKILL of the master", promoted);
        System.out.printf("[timing] SIGKILL of the master: published %.1f ms after the SIGKILL (down-after-milliseconds 2000)%n",
                (group.recorder.firstVerified(promoted).atNanos() - killedAt) / 1e6);
        assertThat(verifiedMasters()).containsExactlyInAnyOrder(old, promoted);
    }

    @Test
    void followsSentinelFailoverAndTakesTheOldMasterBackAsAReplica() throws Exception {
        group = new SentinelGroup();
        group.watch();
        Endpoint old = group.master.endpoint();
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().writable());
        clock = new SwitchClock(group.sentinels);

        SentinelGroup.forceFailover(group.sentinels.get(0));

        Endpoint promoted = group.awaitSwitchFrom(old);
        assertThat(group.node(promoted).role()).isEqualTo("master");
        report("SENTINEL FAILOVER", promoted);
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().replicas().contains(old));
        assertThat(group.master.role()).isEqualTo("slave");
        assertThat(group.shard().master()).isEqualTo(promoted);
    }

    @Test
    void keepsFollowingFailoversWithOneAndThenTwoOfThreeSentinelsDead() throws Exception {
        group = new SentinelGroup();
        SentinelNode first = group.sentinels.get(0);
        SentinelNode second = group.sentinels.get(1);
        SentinelNode third = group.sentinels.get(2);
        SentinelWatcher watcher = group.watch(List.of(first), SentinelGroup.SENTINEL_POLL); // learns the others
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().writable()
                && linkStates(watcher).values().stream().filter(s -> s == SentinelLink.State.UP).count() == 3);
        clock = new SwitchClock(List.of(second, third));

        first.kill();
        await().atMost(SentinelGroup.PATIENCE).until(() -> linkStates(watcher).get(first.endpoint()) == SentinelLink.State.DOWN);
        SentinelGroup.forceFailover(second);

        Endpoint afterOne = group.awaitSwitchFrom(group.master.endpoint());
        assertThat(group.node(afterOne).role()).isEqualTo("master");
        report("SENTINEL FAILOVER with 1 of 3 sentinels dead", afterOne);

        second.kill();
        clock.reset();
        await().atMost(SentinelGroup.PATIENCE).until(() -> third.masterEndpoint().orElseThrow().equals(afterOne));
        SentinelGroup.forceFailover(third);

        Endpoint afterTwo = group.awaitSwitchFrom(afterOne);
        assertThat(group.node(afterTwo).role()).isEqualTo("master");
        assertThat(third.masterEndpoint()).contains(afterTwo);
        report("SENTINEL FAILOVER with 2 of 3 sentinels dead", afterTwo);
        assertThat(linkStates(watcher)).containsEntry(first.endpoint(), SentinelLink.State.DOWN);
    }

    /** Prints, for the test output, how long after the first +switch-master the switch was published. */
    private void report(String what, Endpoint promoted) {
        TopologyRecorder.Change published = group.recorder.firstVerified(promoted);
        await().atMost(SentinelGroup.PATIENCE).until(() -> clock.firstNanos() != 0);
        double ms = (published.atNanos() - clock.firstNanos()) / 1e6;
        System.out.printf("[timing] %s: %s published %.1f ms after the first +switch-master (%s); watcher: %s%n",
                what, promoted, ms, clock.firstPayload(), published.cause());
    }

    private Set<Endpoint> verifiedMasters() {
        return group.recorder.changes().stream().map(c -> c.after().shard(0)).filter(ShardTopology::writable)
                .map(ShardTopology::master).collect(Collectors.toSet());
    }

    private static Map<Endpoint, SentinelLink.State> linkStates(SentinelWatcher watcher) throws Exception {
        return watcher.loop().submit(watcher::linkStates).get();
    }
}
