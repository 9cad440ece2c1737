package io.vigil.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.sandbox.SentinelNode;
import io.vigil.server.VigilServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vigil demo}: real Redis processes on loopback with Vigil in front, for trying Vigil with
 * nothing but the Debian packages. Ctrl-C stops everything it started.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start local Redis processes with Vigil in front of them on 127.0.0.1.")
final class DemoCommand implements Callable<Integer> {

    static final int PREFERRED_PORT = 6379;
    static final String MASTER_NAME = "mymaster";
    static final int PREFERRED_ADMIN_PORT = 9121;

    @Option(names = "--port", description = "Vigil's port (default: 6379 when free, else any free port)")
    Integer port;

    @Option(names = "--min-replicas-to-write", defaultValue = "0", description = "Redis's min-replicas-to-write on every"
            + " node (max lag 1 s): a master cut off from its replicas refuses writes with NOREPLICAS (default: 0, off)")
    int minReplicasToWrite;

    @Option(names = "--admin-port", description = "the dashboard's port (default: 9121 when free, else any free port)")
    Integer adminPort;

    @Option(names = {"-v", "--verbose"}, description = "log level, 0-11 as nutcracker's", defaultValue = "5")
    int verbosity;

    @Override
    public Integer call() throws Exception {
        Logging.configure(verbosity, null);
        Sandbox sandbox = new Sandbox();
        VigilServer[] server = new VigilServer[1];
        Observability[] watch = new Observability[1];
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nvigil demo: stopping Vigil and every Redis process it started");
            if (watch[0] != null) {
                watch[0].close();
            }
            if (server[0] != null) {
                server[0].close();
            }
            sandbox.close();
            stopped.countDown();
        }, "vigil-demo-stop"));

        System.out.println("vigil demo: starting 1 master, 2 replicas and 3 sentinels on 127.0.0.1 ...");
        String[] lines = minReplicasToWrite > 0
                ? Sandbox.minReplicasToWrite(minReplicasToWrite, java.time.Duration.ofSeconds(1)) : new String[0];
        RedisNode master = sandbox.startRedis(lines);
        List<RedisNode> replicas = List.of(sandbox.startReplica(master, lines), sandbox.startReplica(master, lines));
        List<SentinelNode> sentinels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sentinels.add(sandbox.startSentinel(MASTER_NAME, master, 2,
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 2000",
                    "sentinel failover-timeout " + MASTER_NAME + " 10000"));
        }
        int listen = port != null ? port : (isFree(PREFERRED_PORT) ? PREFERRED_PORT : 0);
        Path conf = sandbox.dir().resolve("vigil-demo.yml");
        Files.writeString(conf, demoConfig(listen, sentinels));
        VigilConfig config = ConfigLoader.load(conf);
        server[0] = VigilServer.start(config, 0, new io.vigil.metrics.Meters(true));
        int admin = adminPort != null ? adminPort : (isFree(PREFERRED_ADMIN_PORT) ? PREFERRED_ADMIN_PORT : 0);
        watch[0] = Observability.start(new Observability.Plan("127.0.0.1", 0, java.time.Duration.ofSeconds(1),
                new io.vigil.config.Endpoint("127.0.0.1", admin)), server[0], new ServerHooks(server[0]));
        InetSocketAddress vigil = server[0].address("demo");
        int p = vigil.getPort();

        System.out.println();
        System.out.println("Vigil demo is running. Everything listens on 127.0.0.1 only.");
        System.out.printf("  master      127.0.0.1:%-5d pid %d%n", master.port(), master.pid());
        for (RedisNode r : replicas) {
            System.out.printf("  replica     127.0.0.1:%-5d pid %d%n", r.port(), r.pid());
        }
        for (SentinelNode s : sentinels) {
            System.out.printf("  sentinel    127.0.0.1:%-5d pid %d  (quorum 2, down-after 2000 ms)%n", s.port(), s.pid());
        }
        System.out.printf("  Vigil       127.0.0.1:%-5d config %s%n", p, conf);
        if (minReplicasToWrite > 0) {
            System.out.printf("  every node: min-replicas-to-write %d, min-replicas-max-lag 1%n", minReplicasToWrite);
        }
        if (watch[0].adminAddress != null) {
            int a = watch[0].adminAddress.getPort();
            System.out.println();
            System.out.println("Dashboard:   http://127.0.0.1:" + a + "/   (metrics: http://127.0.0.1:" + a + "/metrics)");
        }
        System.out.println();
        System.out.println("Try it:");
        System.out.println("  redis-cli -p " + p + " set hello world");
        System.out.println("  redis-cli -p " + p + " get hello");
        System.out.println("  redis-benchmark -p " + p + " -t set,get -n 100000 -q");
        System.out.println();
        System.out.println("Cause a failover while a client keeps writing, e.g. 'redis-cli -p " + p + " -r -1 -i 0.1 incr n':");
        System.out.println("  kill -9 " + master.pid() + "          # the master dies; Sentinel promotes a replica in ~3 s");
        System.out.println("  redis-cli -p " + sentinels.get(0).port() + " sentinel failover " + MASTER_NAME
                + "   # a planned failover");
        System.out.println("Vigil follows Sentinel, checks the new master with ROLE, and keeps client connections open.");
        System.out.println("Press Ctrl-C to stop everything.");
        stopped.await();
        return 0;
    }

    static String demoConfig(int listen, List<SentinelNode> sentinels) {
        StringBuilder yaml = new StringBuilder("# written by 'vigil demo'\n")
                .append("demo:\n")
                .append("  listen: 127.0.0.1:").append(listen).append('\n')
                .append("  redis: true\n")
                .append("  timeout: 2000\n")
                .append("  failover_hold: 8000\n")
                .append("  sentinels:\n");
        for (SentinelNode s : sentinels) {
            yaml.append("    - 127.0.0.1:").append(s.port()).append('\n');
        }
        return yaml.append("  servers:\n    - ").append(MASTER_NAME).append('\n').toString();
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
