package io.vigil.topology;

import io.vigil.config.Endpoint;
import java.util.List;

/**
 * One message a sentinel published on an event channel. An event only says which shard to resolve
 * again, and when it is {@code +switch-master}, which address to check first; it never changes the
 * topology by itself.
 *
 * <p>Payloads, as sentinel.c writes them:
 * <ul>
 *   <li>{@code +switch-master}: {@code <master-name> <old-ip> <old-port> <new-ip> <new-port>};</li>
 *   <li>{@code +tilt}, {@code -tilt}: {@code #tilt mode entered} / {@code #tilt mode exited}, about
 *       no master in particular;</li>
 *   <li>every other channel, an instance ({@code %@}): {@code <type> <name> <ip> <port>}, then
 *       {@code @ <master-name> <master-ip> <master-port>} when the instance is not a master, then
 *       any detail ({@code #quorum 2/2}, {@code new reported role is slave}, …).</li>
 * </ul>
 * An ip may be a host name when the sentinels use {@code announce-hostnames}.
 *
 * @param channel the event name, e.g. {@code +sdown}
 * @param masterName the Sentinel master name the event is about, or null for all of them (tilt, or
 *     a payload this parser does not understand)
 * @param instanceType {@code master}, {@code slave}, {@code sentinel}, or null
 * @param instance the instance the event is about, or null
 * @param newMaster for {@code +switch-master}, the announced new master; null otherwise
 * @param payload the payload as published
 */
record SentinelEvent(String channel, String masterName, String instanceType, Endpoint instance,
                     Endpoint newMaster, String payload) {

    static final String SWITCH_MASTER = "+switch-master";

    /** The channels a watcher subscribes to: each one is a reason to resolve a shard again. */
    static final List<String> CHANNELS = List.of(SWITCH_MASTER, "+sdown", "-sdown", "+odown", "-odown",
            "+convert-to-slave", "+role-change", "-role-change", "+slave", "+sentinel", "+failover-end",
            "+reset-master", "+tilt", "-tilt", "+try-failover", "+promoted-slave", "-failover-abort-not-elected",
            "-failover-abort-no-good-slave", "-failover-abort-slave-timeout", "+failover-end-for-timeout");

    /** Never throws: a payload it cannot read becomes an event about every master. */
    static SentinelEvent parse(String channel, String payload) {
        String[] t = payload.trim().split(" +");
        try {
            if (SWITCH_MASTER.equals(channel) && t.length >= 5) {
                return new SentinelEvent(channel, t[0], "master", endpoint(t[1], t[2]), endpoint(t[3], t[4]), payload);
            }
            if (t.length >= 4 && !t[0].startsWith("#")) {
                Endpoint instance = endpoint(t[2], t[3]);
                if (t.length >= 8 && "@".equals(t[4])) {
                    return new SentinelEvent(channel, t[5], t[0], instance, null, payload);
                }
                if ("master".equals(t[0])) {
                    return new SentinelEvent(channel, t[1], t[0], instance, null, payload);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // falls through: resolving every shard is always safe
        }
        return new SentinelEvent(channel, null, null, null, null, payload);
    }

    boolean isSwitchMaster() {
        return SWITCH_MASTER.equals(channel);
    }

    /** True when the event concerns the Sentinel master {@code name}. */
    boolean concerns(String name) {
        return masterName == null || masterName.equals(name);
    }

    private static Endpoint endpoint(String host, String port) {
        return new Endpoint(host, Integer.parseInt(port));
    }
}
