package io.vigil.admin;

import io.vigil.metrics.PoolState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /topology}'s JSON: pools, their shards and sentinels, in config order. */
final class TopologyJson {

    private TopologyJson() {
    }

    static List<Map<String, Object>> pools(List<PoolState> pools) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PoolState p : pools) {
            if (p == null) {
                continue;
            }
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("name", p.pool());
            pool.put("degraded", p.degraded());
            List<Map<String, Object>> shards = new ArrayList<>();
            for (PoolState.Shard s : p.shards()) {
                Map<String, Object> shard = new LinkedHashMap<>();
                shard.put("name", s.name());
                shard.put("master", s.master());
                shard.put("verified", s.verified());
                shard.put("ejected", s.ejected());
                List<Map<String, Object>> replicas = new ArrayList<>();
                for (PoolState.Replica r : s.replicas()) {
                    Map<String, Object> replica = new LinkedHashMap<>();
                    replica.put("node", r.node());
                    replica.put("healthy", r.healthy());
                    replica.put("lag_bytes", r.lagBytes());
                    replicas.add(replica);
                }
                shard.put("replicas", replicas);
                shards.add(shard);
            }
            pool.put("shards", shards);
            List<Map<String, Object>> sentinels = new ArrayList<>();
            for (PoolState.Sentinel s : p.sentinels()) {
                Map<String, Object> sentinel = new LinkedHashMap<>();
                sentinel.put("node", s.node());
                sentinel.put("up", s.up());
                sentinel.put("last_said", s.said());
                sentinels.add(sentinel);
            }
            pool.put("sentinels", sentinels);
            out.add(pool);
        }
        return out;
    }
}
