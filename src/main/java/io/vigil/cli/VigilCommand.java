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

    @Option(names = {"-s", "--stats-port"}, description = "stats port (accepted; the stats server is not built yet)",
            defaultValue = "22222")
    int statsPort;

    @Option(names = {"-a", "--stats-addr"}, description = "stats address (accepted; see -s)", defaultValue = "0.0.0.0")
    String statsAddr;

    @Option(names = {"-i", "--stats-interval"}, description = "stats interval in ms (accepted; see -s)",
            defaultValue = "30000")
    int statsInterval;

    @Option(names = {"-d", "--daemonize"}, description = "accepted and ignored: run Vigil under a service manager")
    boolean daemonize;

    @Option(names = {"-m", "--mbuf-size"}, description = "accepted and ignored: Netty sizes its own buffers")
    Integer mbufSize;

    @Option(names = "--threads", description = "event loops (default: one per core but one, at least 1)", defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Logging.configure(verbosity, logFile);
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
            server = VigilServer.start(config, threads);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage());
            return 1;
        } catch (Exception e) { // a bind failure arrives as a checked exception Netty rethrows
            System.err.println("vigil: cannot start: " + e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "vigil-shutdown"));
        ProcessSignals.install(server).awaitStopped(); // SIGHUP reloads; SIGTERM/SIGINT drain, then we exit
        return 0;
    }
}
