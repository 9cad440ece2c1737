package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.config.Endpoint;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.SentinelNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery, degraded mode, a misconfigured group and suspicion, against real redis-sentinel processes. */
class SentinelWatcherIT {

    private SentinelGroup group;

    @AfterEach
    void closeGroup() {
        if (group != null) {
            group.close();
        }
    }

    @Test
    void discoversTheVerifiedMasterAndItsTwoHealthyReplicas() throws Exception {
        group = new SentinelGroup();
        SentinelWatcher watcher = group.watch();

        await().atMost(SentinelGroup.PATIENCE).untilAsserted(() -> {
            ShardTopology shard = group.shard();
            assertThat(shard.master()).isEqualTo(group.master.endpoint());
            assertThat(shard.verified()).isTrue();
            assertThat(shard.configEpoch()).isZero();
            assertThat(shard.replicas()).containsExactlyInAnyOrder(
                    group.replicas.get(0).endpoint(), group.replicas.get(1).endpoint());
        });
        assertThat(watcher.current().degraded()).isFalse();
        assertThat(watcher.current().shard(SentinelGroup.NAME)).isSameAs(watcher.current().shard(0));
        assertThat(linkStates(watcher)).hasSize(3).containsOnlyKeys(
                group.sentinels.stream().map(SentinelNode::endpoint).toList());
    }

    @Test
    void beforeAnySentinelAnswersTheViewIsTheUnverifiedFirstGuess() {
        group = new SentinelGroup();
        SentinelWatcher watcher = new SentinelWatcher(
                SentinelGroup.pool(SentinelGroup.addresses(group.sentinels), SentinelGroup.SENTINEL_POLL),
                group.loops, group.recorder);
        try {
            assertThat(watcher.current().shard(0).master()).isNull();
            assertThat(watcher.current().shard(0).writable()).isFalse();
        } finally {
            watcher.close();
        }
    }

    @Test
    void learnsTheOtherSentinelsFromTheOneConfiguredByHostName() throws Exception {
        group = new SentinelGroup();
        Endpoint byName = new Endpoint("localhost", group.sentinels.get(0).port());
        SentinelWatcher watcher = group.watchAddresses(List.of(byName.toString()), SentinelGroup.SENTINEL_POLL);

        await().atMost(SentinelGroup.PATIENCE).untilAsserted(() -> assertThat(linkStates(watcher))
                .hasSize(3)
                .allSatisfy((sentinel, state) -> assertThat(state).isEqualTo(SentinelLink.State.UP)));
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().master() != null);
        // the other sentinels name the first by its address: still one link, one vote
        assertThat(linkStates(watcher)).containsOnlyKeys(
                byName, group.sentinels.get(1).endpoint(), group.sentinels.get(2).endpoint());
        assertThat(group.shard().master()).isEqualTo(group.master.endpoint());
    }

    @Test
    void aSentinelThatStopsAnsweringLosesItsLinkAndGetsItBackWhenItAnswersAgain() throws Exception {
        group = new SentinelGroup();
        SentinelWatcher watcher = group.watch();
        SentinelNode stuck = group.sentinels.get(2);
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().writable()
                && linkStates(watcher).get(stuck.endpoint()) == SentinelLink.State.UP);

        stuck.pause(); // the socket stays open: only the heartbeat can tell

        await().atMost(SentinelGroup.PATIENCE).until(() -> linkStates(watcher).get(stuck.endpoint()) == SentinelLink.State.DOWN);
        assertThat(watcher.current().degraded()).isFalse();
        assertThat(group.shard().writable()).isTrue();

        stuck.resume();

        await().atMost(SentinelGroup.PATIENCE).until(() -> linkStates(watcher).get(stuck.endpoint()) == SentinelLink.State.UP);
    }

    @Test
    void withEverySentinelDownTheViewIsDegradedButKeepsItsVerifiedMaster() {
        group = new SentinelGroup();
        group.watch();
        RedisNode master = group.master;
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().writable());

        group.sentinels.forEach(SentinelNode::kill);

        await().atMost(SentinelGroup.PATIENCE).until(() -> group.watcher.current().degraded());
        assertThat(group.shard().master()).isEqualTo(master.endpoint());
        assertThat(group.shard().verified()).isTrue();
        long checks = SentinelGroup.roleCalls(master);
        await().atMost(SentinelGroup.PATIENCE).until(() -> SentinelGroup.roleCalls(master) >= checks + 2);
        assertThat(group.shard().writable()).isTrue();

        group.sentinels.get(1).restart();

        await().atMost(SentinelGroup.PATIENCE).until(() -> !group.watcher.current().degraded());
        assertThat(group.shard().master()).isEqualTo(master.endpoint());
    }

    @Test
    void neverVerifiesAReplicaThatTheSentinelsCallMaster() {
        group = new SentinelGroup(true);
        RedisNode impostor = group.replicas.get(0);
        assertThat(group.sentinels.get(0).masterEndpoint()).contains(impostor.endpoint());
        group.watch();

        // the watcher keeps asking the impostor ROLE, every 250 ms while the sentinels name it
        await().atMost(SentinelGroup.PATIENCE).until(() -> SentinelGroup.roleCalls(impostor) >= 6);

        assertThat(group.recorder.everVerified(impostor.endpoint())).isFalse();
        assertThat(group.shard().master()).isNull();
        assertThat(group.shard().writable()).isFalse();
    }

    @Test
    void aSuspicionFromTheDataPathResolvesAtOnce() {
        group = new SentinelGroup();
        group.watch(group.sentinels, Duration.ofHours(1)); // no poll: only the suspicion can notice
        Endpoint master = group.master.endpoint();
        await().atMost(SentinelGroup.PATIENCE).until(() -> group.shard().writable());
        RedisNode elsewhere = group.sandbox.startRedis();
        group.master.call("REPLICAOF", elsewhere.host(), String.valueOf(elsewhere.port()));

        group.watcher.suspect(SentinelGroup.NAME, master, "READONLY You can't write against a read only replica.");

        await().atMost(SentinelGroup.PATIENCE).until(() -> !group.shard().verified());
        TopologyRecorder.Change unverified = group.recorder.changes().stream()
                .filter(c -> c.before().shard(0).verified() && !c.after().shard(0).verified())
                .findFirst().orElseThrow();
        assertThat(unverified.cause()).contains("data path suspects " + master).contains("ROLE slave");
        assertThat(group.shard().master()).isEqualTo(master);
    }

    private static Map<Endpoint, SentinelLink.State> linkStates(SentinelWatcher watcher) throws Exception {
        return watcher.loop().submit(watcher::linkStates).get();
    }
}
