package io.vigil.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.server.VigilServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--port", description = "Vigil's port (default: 6379 when free, else any free port)")
    Integer port;

    @Option(names = {"-v", "--verbose"}, description = "log level, 0-11 as nutcracker's", defaultValue = "5")
    int verbosity;

    @Override
    public Integer call() throws Exception {
        Logging.configure(verbosity, null);
        Sandbox sandbox = new Sandbox();
        VigilServer[] server = new VigilServer[1];
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nvigil demo: stopping Vigil and every Redis process it started");
            if (server[0] != null) {
                server[0].close();
            }
            sandbox.close();
            stopped.countDown();
        }, "vigil-demo-stop"));

        RedisNode master = sandbox.startRedis();
        int listen = port != null ? port : (isFree(PREFERRED_PORT) ? PREFERRED_PORT : 0);
        Path conf = sandbox.dir().resolve("vigil-demo.yml");
        Files.writeString(conf, demoConfig(listen, master));
        VigilConfig config = ConfigLoader.load(conf);
        server[0] = VigilServer.start(config, 0);
        InetSocketAddress vigil = server[0].address("demo");

        System.out.println();
        System.out.println("Vigil demo is running. Everything listens on 127.0.0.1 only.");
        System.out.println("  redis-server (master)  127.0.0.1:" + master.port() + "  pid " + master.pid());
        System.out.println("  Vigil                  127.0.0.1:" + vigil.getPort() + "  config " + conf);
        System.out.println();
        System.out.println("Try it:");
        System.out.println("  redis-cli -p " + vigil.getPort() + " set hello world");
        System.out.println("  redis-cli -p " + vigil.getPort() + " get hello");
        System.out.println("  redis-benchmark -p " + vigil.getPort() + " -t set,get -n 100000 -q");
        System.out.println("Kill the master (kill -9 " + master.pid() + ") to see clients get a clear error,");
        System.out.println("then nothing else: Vigil reconnects when it is back.");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    static String demoConfig(int listen, RedisNode master) {
        return "# written by 'vigil demo'\n"
                + "demo:\n"
                + "  listen: 127.0.0.1:" + listen + "\n"
                + "  redis: true\n"
                + "  timeout: 2000\n"
                + "  servers:\n"
                + "    - 127.0.0.1:" + master.port() + ":1 master\n";
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
