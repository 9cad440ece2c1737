package io.vigil.it.history;

import io.vigil.sandbox.FaultProxy;
import io.vigil.sandbox.RedisNode;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The faults of issue #10, each injected into a running {@link Group} while a workload writes.
 * {@link #inject} returns {@link System#nanoTime()} when the sentinels were first seen naming
 * another master (the switch), or when the fault began for a fault that switches nothing.
 */
enum Fault {

    /** SIGKILL of the master; it stays dead. */
    KILL {
        @Override
        long inject(Group g) {
            RedisNode old = g.sentinelMaster();
            old.kill();
            return awaitSwitch(g, old);
        }
    },
    /** SIGSTOP of the master until the sentinels promote another node, SIGCONT 0.5 s after the switch. */
    PAUSE {
        @Override
        long inject(Group g) throws InterruptedException {
            RedisNode old = g.sentinelMaster();
            old.pause();
            long switchAt;
            try {
                switchAt = awaitSwitch(g, old);
                Thread.sleep(RESUME_AFTER_SWITCH.toMillis());
            } finally {
                old.resume();
            }
            return switchAt;
        }
    },
    /** SENTINEL FAILOVER under load: a planned switch. */
    PLANNED {
        @Override
        long inject(Group g) {
            RedisNode old = g.sentinelMaster();
            String ok = g.sentinels.get(0).call("SENTINEL", "FAILOVER", Group.NAME);
            if (!"OK".equals(ok)) {
                throw new AssertionError("SENTINEL FAILOVER: " + ok);
            }
            return awaitSwitch(g, old);
        }
    },
    /**
     * The master cut off from the sentinels (through the fault proxy) while clients still reach
     * it, for {@link #ISOLATION_AFTER_SWITCH} after the switch, then the cut heals.
     */
    ISOLATE {
        @Override
        long inject(Group g) throws InterruptedException {
            RedisNode old = g.sentinelMaster();
            if (old != g.first || g.proxy == null) {
                throw new IllegalStateException("ISOLATE needs the first master behind the fault proxy");
            }
            g.proxy.cut(FaultProxy.SENTINEL);
            long switchAt;
            try {
                switchAt = awaitSwitch(g, old);
                Thread.sleep(ISOLATION_AFTER_SWITCH.toMillis());
            } finally {
                g.proxy.heal(FaultProxy.SENTINEL);
            }
            return switchAt;
        }
    },
    /** Vigil's own process gets SIGTERM and starts again on the same port; only meaningful for Vigil's clients. */
    RESTART_VIGIL {
        @Override
        long inject(Group g) throws Exception {
            long at = System.nanoTime();
            g.restartVigil();
            return at;
        }
    };

    static final Duration RESUME_AFTER_SWITCH = Duration.ofMillis(500);
    static final Duration ISOLATION_AFTER_SWITCH = Duration.ofSeconds(2);
    static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(40);

    abstract long inject(Group g) throws Exception;

    /** Polls the sentinels every 10 ms until a majority names another master than {@code old}. */
    static long awaitSwitch(Group g, RedisNode old) {
        await().atMost(SWITCH_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
            RedisNode now = g.sentinelMaster();
            return now != null && now != old;
        });
        return System.nanoTime();
    }
}
