package io.vigil.server;

import io.netty.channel.EventLoopGroup;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.topology.PoolTopology;
import io.vigil.topology.SentinelWatcher;
import io.vigil.topology.TopologyListener;

/** The topology of a Sentinel pool, as its {@link SentinelWatcher} follows it. */
final class SentinelTopology implements TopologySource {

    private final SentinelWatcher watcher;

    private SentinelTopology(SentinelWatcher watcher) {
        this.watcher = watcher;
    }

    static SentinelTopology start(PoolConfig pool, EventLoopGroup group, TopologyListener listener) {
        SentinelWatcher watcher = new SentinelWatcher(pool, group, listener);
        watcher.start();
        return new SentinelTopology(watcher);
    }

    @Override
    public PoolTopology current() {
        return watcher.current();
    }

    @Override
    public void suspect(String shard, Endpoint node, String why) {
        watcher.suspect(shard, node, why);
    }

    @Override
    public void close() {
        watcher.close();
    }
}
