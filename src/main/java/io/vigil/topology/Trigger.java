package io.vigil.topology;

import io.vigil.config.Endpoint;
import java.util.concurrent.CompletableFuture;

/**
 * Why a shard is being resolved again, and since when: the start of the "switched N ms after …"
 * measurement in the log.
 *
 * @param cause what happened, for the log: {@code +switch-master from sentinel 127.0.0.1:26380 (…)}
 * @param origin what to measure from, for the log: {@code event}, {@code poll}, {@code suspicion}, …
 * @param atNanos {@link System#nanoTime()} when it happened
 * @param priority which of two coalesced triggers to keep: the higher one, or the older at equal
 *     priority
 * @param hint for {@code +switch-master}, the announced new master; null otherwise
 * @param prefetch for {@code +switch-master}, a {@code ROLE} check of {@code hint} started when
 *     the event arrived, in parallel with asking the sentinels; null otherwise
 */
record Trigger(String cause, String origin, long atNanos, int priority, Endpoint hint,
               CompletableFuture<RoleCheck.Result> prefetch) {

    private static final int ROUTINE = 0;
    private static final int NEWS = 1;
    private static final int SWITCH = 2;

    static Trigger poll() {
        return new Trigger("poll", "poll", System.nanoTime(), ROUTINE, null, null);
    }

    static Trigger linkUp(SentinelLink link) {
        return new Trigger("sentinel " + link + " " + (link.state() == SentinelLink.State.UP ? "connected" : "tried"),
                "connect", System.nanoTime(), ROUTINE, null, null);
    }

    static Trigger event(SentinelLink from, SentinelEvent event) {
        return new Trigger(event.channel() + " from sentinel " + from + " (" + event.payload() + ")", "event",
                System.nanoTime(), NEWS, null, null);
    }

    static Trigger switchMaster(SentinelLink from, SentinelEvent event, CompletableFuture<RoleCheck.Result> prefetch) {
        String cause = event.channel() + " from sentinel " + from + " (" + event.instance() + " -> "
                + event.newMaster() + ")";
        return new Trigger(cause, "event", System.nanoTime(), SWITCH, event.newMaster(), prefetch);
    }

    static Trigger suspicion(Endpoint node, String why) {
        return new Trigger("data path suspects " + node + " (" + why + ")", "suspicion", System.nanoTime(), NEWS,
                null, null);
    }

    /** The same trigger tried again later: the hint's early ROLE answer is stale by then. */
    Trigger retried() {
        return new Trigger(cause, origin, atNanos, priority, hint, null);
    }

    /** Of two triggers waiting for one resolution, the one whose story the log should tell. */
    static Trigger stronger(Trigger a, Trigger b) {
        if (a.priority != b.priority) {
            return a.priority > b.priority ? a : b;
        }
        return a.atNanos - b.atNanos <= 0 ? a : b;
    }

    long millisSince(long now) {
        return (now - atNanos) / 1_000_000;
    }
}
