package io.vigil.it.history;

/** Who the workload writes through: Vigil, or a Sentinel-aware client library on its own. */
enum Target {

    VIGIL {
        @Override
        KvClient open(Group g) {
            return new VigilClient(g.vigilPort());
        }
    },
    JEDIS_SENTINEL {
        @Override
        KvClient open(Group g) {
            return new JedisSentinelClient(Group.NAME, g.sentinelAddresses());
        }
    },
    LETTUCE_SENTINEL {
        @Override
        KvClient open(Group g) {
            return new LettuceSentinelClient(Group.NAME, g.sentinelPorts());
        }
    };

    /** Vigil's pool in these runs: its defaults, with requests held up to 8 s for a new master. */
    static final String DEFAULT_VIGIL_POOL = "  failover_hold: 8000\n";

    abstract KvClient open(Group g);
}
