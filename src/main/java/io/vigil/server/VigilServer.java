package io.vigil.server;

import io.netty.channel.EventLoopGroup;
import io.vigil.backend.Transport;
import io.vigil.command.CommandTable;
import io.vigil.command.Planner;
import io.vigil.config.PoolConfig;
import io.vigil.config.VigilConfig;
import io.vigil.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running Vigil: one event loop group for every pool's clients and backends (a client and the
 * backend connections it uses share a loop), and one listener per pool.
 */
public final class VigilServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VigilServer.class);

    private final VigilConfig config;
    private final Transport transport = Transport.best();
    private final EventLoopGroup group;
    private final List<PoolServer> servers = new ArrayList<>();
    private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    private final Meters meters;

    private VigilServer(VigilConfig config, int threads, Meters meters) {
        this.config = config;
        this.meters = meters;
        this.group = transport.newGroup(threads, "vigil-loop");
    }

    /** Starts every pool of {@code config} on {@code threads} event loops (0: {@link #defaultLoops}). */
    public static VigilServer start(VigilConfig config, int threads) throws InterruptedException {
        return start(config, threads, Meters.off());
    }

    /** Starts as {@link #start(VigilConfig, int)}, counting into {@code meters}. */
    public static VigilServer start(VigilConfig config, int threads, Meters meters) throws InterruptedException {
        int n = threads > 0 ? threads : defaultLoops(Runtime.getRuntime().availableProcessors());
        VigilServer server = new VigilServer(config, n, meters);
        try {
            server.bindAll();
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * One event loop per core but one, at least one. The spare core runs what the loops make
     * work for: the kernel's network stack (at {@code -P 1} 80 % of Vigil's CPU is in
     * {@code tcp_sendmsg} and the loopback receive path), the GC and the JIT. On the 2-core
     * benchmark machine, with Redis and the client on the same cores, 1 loop kept the p99 at
     * {@code -P 1} within 5 % of twemproxy's where 2 loops had 1.3 to 3.7 times it; throughput
     * went either way between runs (BENCHMARKS.md, "JVM and Netty settings").
     */
    static int defaultLoops(int cores) {
        return Math.max(1, cores - 1);
    }

    private void bindAll() throws InterruptedException {
        CommandTable table = CommandTable.standard();
        Planner planner = new Planner(table);
        SplitPlanner splits = new SplitPlanner(table);
        Loops loops = new Loops();
        AtomicLong ids = new AtomicLong();
        for (PoolConfig pool : config.pools()) {
            PoolRuntime runtime = new PoolRuntime(pool, table, planner, splits, transport, loops, meters);
            runtime.start(pool.sentinels().isEmpty() ? new StaticTopology(pool) : SentinelTopology.start(pool, group, runtime),
                    group);
            PoolServer server = new PoolServer(runtime, transport, ids);
            servers.add(server);
            InetSocketAddress bound = server.bind(group);
            addresses.put(pool.name(), bound);
            meters.connectionOpened(); // nutcracker counts its listeners as connections
            log.info("pool {} listening on {} ({} transport), {} shard(s) {}{}", pool.name(), bound, transport,
                    pool.servers().size(), runtime.shardMap(),
                    pool.sentinels().isEmpty() ? "" : ", masters from Sentinel");
        }
    }

    /** Where each pool listens, by pool name; useful when the config asked for port 0. */
    public Map<String, InetSocketAddress> addresses() {
        return addresses;
    }

    public InetSocketAddress address(String pool) {
        return addresses.get(pool);
    }

    /** What this Vigil counts; the stats port and the admin listener read it. */
    public Meters meters() {
        return meters;
    }

    /** The admin API's view of the running pools. */
    public ProxyView view() {
        return new ProxyView(servers.stream().map(PoolServer::runtime).toList());
    }

    @Override
    public void close() {
        for (PoolServer server : servers) {
            server.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
