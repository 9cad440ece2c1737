package io.vigil.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vigil.admin.AdminHooks;
import io.vigil.admin.AdminServer;
import io.vigil.config.Endpoint;
import io.vigil.metrics.StatsServer;
import io.vigil.server.VigilServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The listeners that let an operator watch Vigil: nutcracker's stats port and the admin HTTP
 * listener. They run on one small event loop group of their own, apart from the client loops.
 * A port that cannot be bound is logged and left off; Vigil keeps serving clients.
 */
final class Observability implements AutoCloseable {

    /** What to start: the stats port (port 0: none) and the admin listener (null: none). */
    record Plan(String statsAddr, int statsPort, Duration statsInterval, Endpoint admin) {

        boolean any() {
            return statsPort > 0 || admin != null;
        }
    }

    static final String VERSION = "0.1.0";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("vigil-admin", true), NioIoHandler.newFactory());
    private StatsServer stats;
    private AdminServer admin;
    InetSocketAddress statsAddress;
    InetSocketAddress adminAddress;

    /** Starts what {@code plan} asks for, with {@code hooks} for reload and drain. */
    static Observability start(Plan plan, VigilServer server, AdminHooks hooks) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Observability.class);
        Observability o = new Observability();
        if (plan.statsPort() > 0) {
            o.stats = new StatsServer(server.meters(), VERSION);
            try {
                o.statsAddress = o.stats.start(o.group, plan.statsAddr(), plan.statsPort(), plan.statsInterval());
                log.info("stats port (nutcracker's JSON) listening on {}, aggregated every {} ms", o.statsAddress,
                        plan.statsInterval().toMillis());
            } catch (Exception e) { // a bind failure arrives as a checked exception Netty rethrows
                log.error("stats port {}:{} unavailable, running without it: {}", plan.statsAddr(), plan.statsPort(),
                        e.toString());
                o.stats.close();
                o.stats = null;
            }
        }
        if (plan.admin() != null) {
            o.admin = new AdminServer(server.meters(), server.view(), hooks);
            try {
                o.adminAddress = o.admin.start(o.group, plan.admin().host(), plan.admin().port());
                log.info("admin listener on http://{}:{}/ (/metrics, /topology, /events, /clients, /health/ready)",
                        o.adminAddress.getHostString(), o.adminAddress.getPort());
            } catch (Exception e) {
                log.error("admin listener {} unavailable, running without it: {}", plan.admin(), e.toString());
                o.admin.close();
                o.admin = null;
            }
        }
        return o;
    }

    @Override
    public void close() {
        if (stats != null) {
            stats.close();
        }
        if (admin != null) {
            admin.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
