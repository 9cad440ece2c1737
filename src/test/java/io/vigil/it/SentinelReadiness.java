package io.vigil.it;

import io.vigil.sandbox.SentinelNode;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Waits until a sandbox's sentinels are ready to fail a master over. */
public final class SentinelReadiness {

    private SentinelReadiness() {
    }

    /**
     * Waits until every live sentinel, for every master in {@code names}, knows the other live
     * sentinels and at least {@code replicas} healthy replicas, and flags the master as nothing but
     * {@code master}.
     */
    public static void awaitReady(List<SentinelNode> sentinels, List<String> names, int replicas, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            long live = sentinels.stream().filter(SentinelNode::isAlive).count();
            for (SentinelNode s : sentinels) {
                if (!s.isAlive()) {
                    continue;
                }
                for (String name : names) {
                    String[] lines = s.call("SENTINEL", "MASTER", name).split("\n");
                    if (!field(lines, "num-other-sentinels").equals(Long.toString(live - 1))
                            || Integer.parseInt(field(lines, "num-slaves")) < replicas
                            || !field(lines, "flags").equals("master")) {
                        return false;
                    }
                    long healthy = Arrays.stream(s.call("SENTINEL", "REPLICAS", name).split("\n"))
                            .filter(l -> l.equals("slave")).count();
                    if (healthy < replicas) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    private static String field(String[] lines, String name) {
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].equals(name)) {
                return lines[i + 1];
            }
        }
        return "";
    }
}
