package io.vigil.topology;

/**
 * The fields of {@code INFO replication} that health checks read. The reply is one bulk string of
 * {@code <field>:<value>\r\n} lines under a {@code # Replication} header. Redis 7.0 writes, on a
 * master:
 * <pre>
 * role:master
 * connected_slaves:2
 * slave0:ip=127.0.0.1,port=7002,state=online,offset=2000674,lag=0
 * master_replid:456fe85a6058d28033d4de5332e63547298cf73b
 * master_repl_offset:2000674
 * </pre>
 * and on a replica:
 * <pre>
 * role:slave
 * master_host:127.0.0.1
 * master_port:7001
 * master_link_status:up            (or down)
 * slave_read_repl_offset:2000674   (bytes received)
 * slave_repl_offset:2000674        (bytes applied: what a read sees)
 * master_replid:456fe85a…          (the master's, once the replica has synced)
 * </pre>
 * Other fields are ignored; a field that is missing reads as null or -1.
 *
 * @param role {@code master} or {@code slave}; null when absent
 * @param masterHost on a replica, the master it follows as it names it ({@code replicaof}); else null
 * @param masterPort on a replica, that master's port; else -1
 * @param linkStatus on a replica, {@code up} or {@code down}; else null
 * @param replicaOffset {@code slave_repl_offset}, or -1
 * @param masterOffset {@code master_repl_offset}, or -1
 * @param replicationId {@code master_replid}: offsets compare only within one replication history
 */
record ReplicationInfo(String role, String masterHost, int masterPort, String linkStatus, long replicaOffset,
                       long masterOffset, String replicationId) {

    /** @throws IllegalArgumentException when a number field is not a number */
    static ReplicationInfo parse(String text) {
        String role = null;
        String masterHost = null;
        int masterPort = -1;
        String linkStatus = null;
        long replicaOffset = -1;
        long masterOffset = -1;
        String replicationId = null;
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("#") || colon < 0) {
                continue;
            }
            String field = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            switch (field) {
                case "role" -> role = value;
                case "master_host" -> masterHost = value;
                case "master_port" -> masterPort = (int) number(field, value);
                case "master_link_status" -> linkStatus = value;
                case "slave_repl_offset" -> replicaOffset = number(field, value);
                case "master_repl_offset" -> masterOffset = number(field, value);
                case "master_replid" -> replicationId = value;
                default -> {
                    // not needed for health
                }
            }
        }
        return new ReplicationInfo(role, masterHost, masterPort, linkStatus, replicaOffset, masterOffset,
                replicationId);
    }

    boolean isReplica() {
        return "slave".equals(role);
    }

    private static long number(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("INFO replication: " + field + ": '" + value + "' (expected: an integer)");
        }
    }
}
