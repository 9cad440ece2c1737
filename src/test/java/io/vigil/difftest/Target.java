package io.vigil.difftest;

import redis.clients.jedis.Jedis;

import java.util.List;

/**
 * Where a stream goes: a port clients connect to, and the Redis nodes that hold what it stores
 * (the same node for Redis itself; the pool's nodes behind Vigil).
 */
record Target(String name, int port, List<Integer> dataPorts) {

    /** Empties every db of every node and loads the scripts streams call by SHA. */
    void reset() {
        for (int p : dataPorts) {
            try (Jedis j = new Jedis("127.0.0.1", p, 30_000)) {
                j.flushAll();
                j.scriptFlush();
                for (String script : StreamGenerator.SCRIPTS_LOADED) {
                    j.scriptLoad(script);
                }
            }
        }
    }

    Dataset dataset() {
        return Dataset.read(dataPorts);
    }
}
