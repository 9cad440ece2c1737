package io.vigil.topology;

import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.config.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves one shard's master again whenever asked: asks every reachable sentinel at once
 * ({@link SentinelQuery}), applies the disagreement rule ({@link Resolution}), checks the winner
 * and the current master with {@code ROLE} ({@link RoleCheck}), and publishes only what both
 * agree on. One resolution runs at a time; triggers that arrive meanwhile coalesce into one more.
 *
 * <p>What a resolution may publish:
 * <ul>
 *   <li>the current master answers {@code ROLE} with anything but {@code master}: it becomes
 *       unverified at once;</li>
 *   <li>a sentinel reports a failover of the current master in progress: it becomes unverified at
 *       once (writes wait instead of going to a node about to be replaced), and stays so until the
 *       sentinels name a new master or the failover is aborted;</li>
 *   <li>the candidate answers {@code master}: it becomes the verified master, with the config
 *       epoch and healthy replicas of the sentinels that named it;</li>
 *   <li>the candidate is unreachable or not a master, or the sentinels have no majority: nothing
 *       new; it is logged once and tried again every {@link #DEFAULT_RETRY_DELAY} while it lasts.</li>
 * </ul>
 * On the watcher's event loop only.
 */
final class ShardResolver {

    static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(ShardResolver.class);

    private final SentinelWatcher watcher;
    private final int index;
    private final String name;
    private final String sentinelName;
    private boolean running;
    /** The trigger for the one resolution to run after the current one; null when none waits. */
    private Trigger queued;
    private ScheduledFuture<?> retry;
    /** Why the last candidate was refused, so that a lasting disagreement is logged once. */
    private String lastRefusal;
    private boolean closed;

    ShardResolver(SentinelWatcher watcher, int index, String name, String sentinelName) {
        this.watcher = watcher;
        this.index = index;
        this.name = name;
        this.sentinelName = sentinelName;
    }

    String sentinelName() {
        return sentinelName;
    }

    void trigger(Trigger trigger) {
        if (closed) {
            return;
        }
        if (running) {
            queued = queued == null ? trigger : Trigger.stronger(queued, trigger);
        } else {
            run(trigger);
        }
    }

    void close() {
        closed = true;
        queued = null;
        cancelRetry();
    }

    private void run(Trigger trigger) {
        running = true;
        cancelRetry();
        List<CompletableFuture<SentinelAnswer>> asks = new ArrayList<>();
        for (ControlConnection sentinel : watcher.sentinelConnections()) {
            asks.add(SentinelQuery.ask(sentinel, sentinelName, watcher.sentinelTimeout()));
        }
        CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> verify(trigger, asks.stream().map(CompletableFuture::join).toList()))
                .whenComplete((ignored, e) -> {
                    if (e != null) {
                        log.warn("pool {} shard {}: resolution after {} failed", watcher.poolName(), name,
                                trigger.cause(), e);
                    }
                    running = false;
                    Trigger next = queued;
                    queued = null;
                    if (next != null && !closed) {
                        run(next);
                    }
                });
    }

    private CompletableFuture<Void> verify(Trigger trigger, List<SentinelAnswer> answers) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        for (SentinelAnswer answer : answers) {
            watcher.learn(answer.sentinels(), answer.sentinel());
        }
        Resolution resolution = Resolution.decide(answers);
        Endpoint candidate = resolution.candidate();
        ShardTopology current = watcher.current().shard(index);
        CompletableFuture<RoleCheck.Result> candidateRole = candidate == null
                ? CompletableFuture.completedFuture(null) : check(trigger, candidate);
        CompletableFuture<RoleCheck.Result> currentRole = !current.verified()
                ? CompletableFuture.completedFuture(null)
                : current.master().equals(candidate) ? candidateRole : watcher.roleCheck(current.master());
        // a candidate that answers master is switched to without waiting for the old master's ROLE:
        // a paused or cut-off old master would hold the switch up for a whole ROLE timeout
        return candidateRole.thenCompose(candidateResult -> {
            if (candidateResult != null && candidateResult.isMaster() && currentRole != candidateRole) {
                apply(trigger, answers, resolution, candidateResult, null);
                return CompletableFuture.<Void>completedFuture(null);
            }
            return currentRole.thenAccept(currentResult -> apply(trigger, answers, resolution, candidateResult, currentResult));
        });
    }

    /** ROLE on the candidate, reusing the check a {@code +switch-master} started early when it said master. */
    private CompletableFuture<RoleCheck.Result> check(Trigger trigger, Endpoint candidate) {
        if (trigger.prefetch() != null && candidate.equals(trigger.hint())) {
            return trigger.prefetch().thenCompose(early -> early.isMaster()
                    ? CompletableFuture.completedFuture(early) : watcher.roleCheck(candidate));
        }
        return watcher.roleCheck(candidate);
    }

    private void apply(Trigger trigger, List<SentinelAnswer> answers, Resolution resolution,
                       RoleCheck.Result candidateRole, RoleCheck.Result currentRole) {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        ShardTopology current = watcher.current().shard(index);
        ShardTopology next = current;
        List<String> notes = new ArrayList<>();
        if (current.verified() && currentRole != null && currentRole.isNotMaster()) {
            next = current.unverified();
            notes.add("master " + current.master() + " answers " + currentRole.describe() + ": no longer verified");
        }
        Endpoint candidate = resolution.candidate();
        String failover = failoverInProgress(answers, current.master());
        boolean switching = candidate != null && !candidate.equals(current.master())
                && candidateRole != null && candidateRole.isMaster();
        if (failover != null && !switching) {
            // the sentinels are replacing this very master: stop writing to it before a replica is promoted
            if (next.verified()) {
                next = next.unverified();
                notes.add(failover + ": " + current.master() + " no longer verified, writes wait for the new master");
            }
            refuse(trigger, failover + " for " + current.master(), true);
        } else if (candidateRole != null && candidateRole.isMaster()) {
            lastRefusal = null;
            ShardTopology proposed = new ShardTopology(name, candidate, true, resolution.configEpoch(),
                    resolution.replicas(), now);
            if (!proposed.sameView(next)) {
                notes.add(describe(trigger, resolution, current, proposed, candidateRole, now));
                next = proposed;
            }
        } else if (candidate != null && (!candidate.equals(next.master()) || !next.verified())) {
            refuse(trigger, "sentinels name " + candidate + " (" + resolution.summary() + ") but it gives "
                    + candidateRole.describe(), true);
        } else if (candidate == null && !answers.isEmpty()) {
            boolean disagreement = answers.stream().anyMatch(a -> a.master() != null);
            refuse(trigger, resolution.summary(), disagreement);
        }
        if (!next.sameView(current)) {
            watcher.publish(index, next, trigger.cause() + "; " + String.join("; ", notes));
        }
    }

    /**
     * Which sentinel reports a failover of {@code master} under way, or null: its
     * {@code SENTINEL master} reply has {@code failover_in_progress} in its flags and
     * {@code master} as its address. A sentinel sets that flag when it starts a failover
     * ({@code +try-failover}), before any replica is promoted, and clears it when the failover
     * ends or is aborted; the address stays the old master's until the end, while the promoted
     * replica, already named by {@code get-master-addr-by-name}, is not the one being replaced.
     */
    static String failoverInProgress(List<SentinelAnswer> answers, Endpoint master) {
        for (SentinelAnswer a : answers) {
            if (master != null && master.equals(a.failingOver())) {
                return "sentinel " + a.sentinel() + " reports a failover in progress";
            }
        }
        return null;
    }

    private String describe(Trigger trigger, Resolution resolution, ShardTopology before, ShardTopology after,
                            RoleCheck.Result role, long now) {
        String verified = "sentinels: " + resolution.summary() + "; verified " + after.master() + " "
                + role.describe() + " in " + role.millis() + " ms";
        String replicas = "; replicas " + after.replicas();
        if (before.master() != null && !after.master().equals(before.master())) {
            return verified + "; switched " + trigger.millisSince(now) + " ms after the " + trigger.origin()
                    + " (was " + before.master() + (before.verified() ? ")" : ", unverified)") + replicas;
        }
        if (!before.verified()) {
            return verified + "; published " + trigger.millisSince(now) + " ms after the " + trigger.origin()
                    + replicas;
        }
        return "replicas " + after.replicas() + ", config epoch " + after.configEpoch();
    }

    private void refuse(Trigger trigger, String why, boolean retrySoon) {
        if (!why.equals(lastRefusal)) {
            lastRefusal = why;
            log.info("pool {} shard {}: {}: {}; publishing nothing new{}", watcher.poolName(), name,
                    trigger.cause(), why, retrySoon ? ", retrying every " + DEFAULT_RETRY_DELAY.toMillis() + " ms" : "");
        }
        if (retrySoon && retry == null && !closed) {
            retry = watcher.loop().schedule(() -> {
                retry = null;
                trigger(trigger.retried());
            }, DEFAULT_RETRY_DELAY.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }
}
