package io.vigil.topology;

import io.netty.util.NetUtil;
import io.vigil.config.Endpoint;
import java.net.InetAddress;
import java.util.List;

/**
 * What one node's answers mean, as pure functions of the replies (parsed by {@link ReplyParser}).
 * A master is asked {@code INFO replication}; a replica {@code ROLE} and {@code INFO replication}
 * (see {@link ReplicationInfo} and {@link RoleCheck} for their formats), after its master answered.
 * A replica's check is good when it answers in time, {@code ROLE} says {@code slave}, it follows
 * the shard's master, {@code master_link_status} is {@code up}, and its lag is within
 * {@code max_replica_lag}.
 */
final class HealthRules {

    private HealthRules() {
    }

    static Finding master(Object infoReply) {
        ReplicationInfo info;
        try {
            info = info(infoReply);
        } catch (IllegalArgumentException e) {
            return Finding.badAnswer(null, e.getMessage());
        }
        if (!"master".equals(info.role())) {
            return new Finding(true, info.role(), follows(info), info.linkStatus(), info.replicaOffset(),
                    info.replicationId(), -1, Long.MIN_VALUE, false, "role " + info.role() + ", not master");
        }
        return new Finding(true, "master", null, null, info.masterOffset(), info.replicationId(), -1, Long.MIN_VALUE,
                false, null);
    }

    /** What a good master check tells the replica checks that follow it; null after a bad one. */
    static MasterSample sample(Finding master, long sentAtNanos) {
        return master.good() && master.offset() >= 0
                ? new MasterSample(sentAtNanos, master.offset(), master.replicationId())
                : null;
    }

    /**
     * @param master the shard's master; null when the topology knows none
     * @param masterAddresses what the master's host resolved to, so that a replica that names its
     *     master by IP matches a master configured by host name
     * @param sample the master's offset, sampled before this replica was asked; null when the
     *     master gave none, and then lag is unknown and does not count against the replica
     */
    static Finding replica(Object roleReply, Object infoReply, Endpoint master, List<InetAddress> masterAddresses,
                           MasterSample sample, long maxLag) {
        // ROLE: ["slave", <master-ip>, <master-port>, <link state>, <offset>] on a replica
        if (!(roleReply instanceof List<?> fields) || fields.isEmpty() || !(fields.get(0) instanceof String role)) {
            return Finding.badAnswer(null, "ROLE answered " + roleReply);
        }
        if (!"slave".equals(role)) {
            return new Finding(true, role, null, null, -1, null, -1, Long.MIN_VALUE, true, "role " + role + ", not a replica");
        }
        ReplicationInfo info;
        try {
            info = info(infoReply);
        } catch (IllegalArgumentException e) {
            return Finding.badAnswer(role, e.getMessage());
        }
        Endpoint follows = follows(info);
        if (master == null) {
            return new Finding(true, role, follows, info.linkStatus(), info.replicaOffset(), info.replicationId(), -1,
                    Long.MIN_VALUE, false, "the shard has no known master");
        }
        if (follows == null || !sameNode(follows, master, masterAddresses)) {
            return new Finding(true, role, follows, info.linkStatus(), info.replicaOffset(), info.replicationId(), -1,
                    Long.MIN_VALUE, true, "follows " + follows + ", not the shard's master " + master);
        }
        long lag = -1;
        long caughtUp = Long.MIN_VALUE;
        if (sample != null && info.replicaOffset() >= 0 && sample.replicationId() != null
                && sample.replicationId().equals(info.replicationId())) {
            lag = Math.max(0, sample.offset() - info.replicaOffset());
            caughtUp = info.replicaOffset() >= sample.offset() ? sample.atNanos() : Long.MIN_VALUE;
        }
        String problem = null;
        if (!"up".equals(info.linkStatus())) {
            problem = "link " + (info.linkStatus() == null ? "status unknown" : info.linkStatus());
        } else if (lag > maxLag) {
            problem = "lag " + Readability.bytes(lag) + " > " + Readability.bytes(maxLag);
        }
        return new Finding(true, role, follows, info.linkStatus(), info.replicaOffset(), info.replicationId(), lag,
                caughtUp, false, problem);
    }

    /**
     * True when the master a replica names is {@code master}: the same port, and the same host as
     * written, or an IP literal among the master's resolved addresses.
     */
    static boolean sameNode(Endpoint named, Endpoint master, List<InetAddress> masterAddresses) {
        if (named.port() != master.port()) {
            return false;
        }
        if (named.host().equalsIgnoreCase(master.host())) {
            return true;
        }
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(named.host());
        return literal != null && masterAddresses.contains(literal);
    }

    private static ReplicationInfo info(Object infoReply) {
        if (!(infoReply instanceof String text)) {
            throw new IllegalArgumentException("INFO replication answered " + infoReply);
        }
        return ReplicationInfo.parse(text);
    }

    private static Endpoint follows(ReplicationInfo info) {
        if (info.masterHost() == null || info.masterHost().isEmpty() || info.masterPort() < 0
                || info.masterPort() > 65535) {
            return null;
        }
        return new Endpoint(info.masterHost(), info.masterPort());
    }
}
