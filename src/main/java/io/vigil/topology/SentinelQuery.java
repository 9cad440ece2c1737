package io.vigil.topology;

import io.vigil.config.Endpoint;
import io.vigil.topology.SentinelAnswer.SentinelAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One round of questions to one sentinel about one master name, pipelined on its command
 * connection, and the reading of the answers:
 * <ul>
 *   <li>{@code SENTINEL get-master-addr-by-name <name>}: {@code [ip, port]}, or a null array when
 *       the name is unknown;</li>
 *   <li>{@code SENTINEL master <name>}: a flat field/value list with {@code flags} and
 *       {@code config-epoch};</li>
 *   <li>{@code SENTINEL replicas <name>}: one field/value list per replica, with {@code ip},
 *       {@code port}, {@code flags} and {@code master-link-status};</li>
 *   <li>{@code SENTINEL sentinels <name>}: one field/value list per other sentinel, with
 *       {@code ip}, {@code port}, {@code runid} and {@code flags}.</li>
 * </ul>
 */
final class SentinelQuery {

    /** Flags that make a replica or sentinel unfit: Sentinel itself cannot reach it. */
    static final Set<String> DOWN_FLAGS = Set.of("s_down", "o_down", "disconnected");
    static final String FAILOVER_IN_PROGRESS = "failover_in_progress";

    private SentinelQuery() {
    }

    /** Never fails: a sentinel that cannot answer gives an answer with an error. */
    static CompletableFuture<SentinelAnswer> ask(ControlConnection sentinel, String name, Duration timeout) {
        CompletableFuture<Object> address = sentinel.call(timeout, "SENTINEL", "get-master-addr-by-name", name);
        CompletableFuture<Object> master = sentinel.call(timeout, "SENTINEL", "master", name);
        CompletableFuture<Object> replicas = sentinel.call(timeout, "SENTINEL", "replicas", name);
        CompletableFuture<Object> others = sentinel.call(timeout, "SENTINEL", "sentinels", name);
        return CompletableFuture.allOf(address, master, replicas, others).handle((ignored, e) -> {
            Endpoint who = sentinel.endpoint();
            if (address.isCompletedExceptionally()) {
                String reason = ControlConnection.reason(exceptionOf(address));
                String prefix = who + ": ";
                return SentinelAnswer.failed(who, reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
            }
            Object addressReply = address.join();
            if (addressReply instanceof RespError error) {
                return SentinelAnswer.failed(who, error.message());
            }
            Endpoint named = address(addressReply);
            if (named == null) {
                return SentinelAnswer.failed(who, "knows no master named " + name);
            }
            Map<String, String> masterFields = master.isCompletedExceptionally() ? Map.of() : fields(master.join());
            String flags = masterFields.getOrDefault("flags", "");
            return new SentinelAnswer(who, named, epoch(masterFields), flags,
                    replicas.isCompletedExceptionally() ? List.of() : healthyReplicas(replicas.join()),
                    others.isCompletedExceptionally() ? List.of() : liveSentinels(others.join()),
                    null, failingOver(masterFields, flags));
        });
    }

    /**
     * The master being failed over: the {@code ip} and {@code port} of the {@code SENTINEL master}
     * reply when its flags hold {@code failover_in_progress}, else null. Those fields stay the old
     * master's until the failover ends, while {@code get-master-addr-by-name} names the promoted
     * replica as soon as it answers as master.
     */
    static Endpoint failingOver(Map<String, String> masterFields, String flags) {
        return Arrays.asList(flags.split(",")).contains(FAILOVER_IN_PROGRESS)
                ? endpoint(masterFields.get("ip"), masterFields.get("port")) : null;
    }

    /** {@code [ip, port]} as an endpoint; null for the null array or anything else. */
    static Endpoint address(Object reply) {
        if (reply instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String host
                && pair.get(1) instanceof String port) {
            return endpoint(host, port);
        }
        return null;
    }

    /** A flat {@code [field, value, field, value, …]} list as a map; empty for anything else. */
    static Map<String, String> fields(Object reply) {
        Map<String, String> map = new HashMap<>();
        if (reply instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
            }
        }
        return map;
    }

    /** Replicas that Sentinel flags neither down nor disconnected, and whose link to the master is ok. */
    static List<Endpoint> healthyReplicas(Object reply) {
        List<Endpoint> healthy = new ArrayList<>();
        for (Map<String, String> replica : entries(reply)) {
            Endpoint endpoint = endpoint(replica.get("ip"), replica.get("port"));
            if (endpoint != null && !isDown(replica.get("flags")) && "ok".equals(replica.get("master-link-status"))) {
                healthy.add(endpoint);
            }
        }
        return healthy;
    }

    /** Other sentinels that this one does not flag down. */
    static List<SentinelAddress> liveSentinels(Object reply) {
        List<SentinelAddress> live = new ArrayList<>();
        for (Map<String, String> sentinel : entries(reply)) {
            Endpoint endpoint = endpoint(sentinel.get("ip"), sentinel.get("port"));
            if (endpoint != null && !isDown(sentinel.get("flags"))) {
                live.add(new SentinelAddress(endpoint, sentinel.get("runid")));
            }
        }
        return live;
    }

    static boolean isDown(String flags) {
        return flags == null || Arrays.stream(flags.split(",")).anyMatch(DOWN_FLAGS::contains);
    }

    private static long epoch(Map<String, String> masterFields) {
        try {
            return Long.parseLong(masterFields.getOrDefault("config-epoch", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Map<String, String>> entries(Object reply) {
        List<Map<String, String>> entries = new ArrayList<>();
        if (reply instanceof List<?> list) {
            for (Object entry : list) {
                entries.add(fields(entry));
            }
        }
        return entries;
    }

    private static Endpoint endpoint(String host, String port) {
        if (host == null || host.isEmpty() || port == null) {
            return null;
        }
        try {
            return new Endpoint(host, Integer.parseInt(port));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            return null;
        }
    }

    private static Throwable exceptionOf(CompletableFuture<?> failed) {
        return failed.handle((v, e) -> e).join();
    }
}
