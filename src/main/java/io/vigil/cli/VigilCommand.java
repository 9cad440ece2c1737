package io.vigil.cli;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.server.VigilServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil [-t] -c FILE ...}: nutcracker's flags, so an init script written for twemproxy runs
 * Vigil unchanged. Flags that make no sense on the JVM are accepted and said to be ignored.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "A Redis proxy that follows Sentinel failovers and shards like twemproxy.")
final class VigilCommand implements Callable<Integer> {

    @Option(names = {"-c", "--conf-file"}, description = "configuration file (default: ${DEFAULT-VALUE})",
            defaultValue = "conf/nutcracker.yml")
    Path confFile;

    @Option(names = {"-t", "--test-conf"}, description = "check the configuration file and exit")
    boolean testConf;

    @Option(names = {"-v", "--verbose"}, description = "log level, 0-11 as nutcracker's (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int verbosity;

    @Option(names = {"-o", "--output"}, description = "log file (default: stderr)")
    String logFile;

    @Option(names = {"-p", "--pid-file"}, description = "write the process id to this file")
    Path pidFile;

    @Option(names = {"-s", "--stats-port"}, description = "nutcracker's stats port, raw TCP JSON; 0: off (default: ${DEFAULT-VALUE})",
            defaultValue = "22222")
    int statsPort;

    @Option(names = {"-a", "--stats-addr"}, description = "stats address (default: ${DEFAULT-VALUE})", defaultValue = "0.0.0.0")
    String statsAddr;

    @Option(names = {"-i", "--stats-interval"}, description = "stats aggregation interval in ms (default: ${DEFAULT-VALUE})",
            defaultValue = "30000")
    int statsInterval;

    @Option(names = {"-D", "--describe-stats"}, description = "print the stats port's stats descriptions and exit")
    boolean describeStats;

    @Option(names = "--admin-port", description = "admin HTTP port (/metrics, /topology, dashboard); off by default")
    Integer adminPort;

    @Option(names = "--admin-addr", description = "admin HTTP address when --admin-port is given (default: ${DEFAULT-VALUE})",
            defaultValue = "127.0.0.1")
    String adminAddr;

    @Option(names = "--log-format", description = "text or json (one JSON object a line) (default: ${DEFAULT-VALUE})",
            defaultValue = "text")
    String logFormat;

    @Option(names = {"-d", "--daemonize"}, description = "accepted and ignored: run Vigil under a service manager")
    boolean daemonize;

    @Option(names = {"-m", "--mbuf-size"}, description = "accepted and ignored: Netty sizes its own buffers")
    Integer mbufSize;

    @Option(names = "--threads", description = "event loops (default: one per core but one, at least 1)", defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (describeStats) {
            System.err.print("This is vigil-" + Observability.VERSION + "\n\n" + io.vigil.metrics.StatsServer.describe());
            return 0;
        }
        if (!Logging.configure(verbosity, logFile, logFormat)) {
            return 1;
        }
        VigilConfig config;
        try {
            config = ConfigLoader.load(confFile);
        } catch (ConfigException e) {
            System.err.println("vigil: configuration file '" + confFile + "' is invalid: " + e.getMessage());
            return 1;
        }
        if (testConf) {
            System.out.println("vigil: configuration file '" + confFile + "' syntax is ok");
            return 0;
        }
        Logging.openFile(logFile);
        if (daemonize) {
            System.err.println("vigil: -d is ignored; run Vigil under a service manager");
        }
        if (pidFile != null) {
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        }
        VigilServer server;
        try {
            server = VigilServer.start(config, threads, new io.vigil.metrics.Meters(plan(config).any()));
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage());
            return 1;
        } catch (Exception e) { // a bind failure arrives as a checked exception Netty rethrows
            System.err.println("vigil: cannot start: " + e);
            return 1;
        }
        Observability watch = Observability.start(plan(config), server, new ServerHooks(server));
        VigilServer running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watch.close();
            running.close();
        }, "vigil-shutdown"));
        ProcessSignals.install(server).awaitStopped(); // SIGHUP reloads; SIGTERM/SIGINT drain, then we exit
        return 0;
    }

    /** The stats port and admin listener this run asks for: flags first, then the admin: key. */
    Observability.Plan plan(VigilConfig config) {
        io.vigil.config.Endpoint admin = null;
        if (adminPort != null) {
            admin = new io.vigil.config.Endpoint(adminAddr, adminPort);
        } else if (config.admin() != null) {
            admin = config.admin().listen();
        }
        return new Observability.Plan(statsAddr, statsPort, java.time.Duration.ofMillis(Math.max(1, statsInterval)), admin);
    }
}
