package io.vigil.server;

import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.config.ServerConfig;
import io.vigil.topology.PoolTopology;
import io.vigil.topology.ShardTopology;

import java.util.ArrayList;
import java.util.List;

/** The topology of a pool of static servers: exactly what the config says, never changing. */
final class StaticTopology implements TopologySource {

    private final PoolTopology topology;

    StaticTopology(PoolConfig config) {
        List<ShardTopology> shards = new ArrayList<>();
        long now = System.nanoTime();
        for (ServerConfig server : config.servers()) {
            shards.add(new ShardTopology(server.name(), server.master(), true, 0, server.replicas(), now));
        }
        this.topology = new PoolTopology(config.name(), shards, false);
    }

    @Override
    public PoolTopology current() {
        return topology;
    }

    @Override
    public void suspect(String shard, Endpoint node, String why) {
        // a static master stays the master
    }

    @Override
    public void close() {
    }
}
