package io.vigil.server;

import io.vigil.config.Endpoint;
import io.vigil.topology.PoolTopology;

/** Where a pool's topology comes from: its static config, or Sentinel. */
interface TopologySource extends AutoCloseable {

    PoolTopology current();

    /** A node believed master answered READONLY, LOADING or MASTERDOWN: look again now. */
    void suspect(String shard, Endpoint node, String why);

    @Override
    void close();
}
