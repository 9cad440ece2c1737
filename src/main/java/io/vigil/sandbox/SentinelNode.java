package io.vigil.sandbox;

import io.vigil.config.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * A sandboxed {@code redis-sentinel} that monitors one master under one name, or several masters
 * each under its own name.
 */
public final class SentinelNode extends SandboxNode {

    private final String masterName;
    /** Every name given in a {@code sentinel monitor} line, in file order; masterName is the first. */
    private final List<String> masterNames;

    SentinelNode(ServerProcess process, String masterName) {
        this(process, List.of(masterName));
    }

    SentinelNode(ServerProcess process, List<String> masterNames) {
        super(process);
        this.masterName = masterNames.get(0);
        this.masterNames = List.copyOf(masterNames);
    }

    /** The name given in {@code sentinel monitor}; the first one when there are several. */
    public String masterName() {
        return masterName;
    }

    /** Every master name this sentinel was started with, in the order of its config file. */
    public List<String> masterNames() {
        return masterNames;
    }

    /**
     * The master this sentinel names now, from {@code SENTINEL get-master-addr-by-name}; empty when
     * it names none. The reply is a two-element array: {@code host} then {@code port}.
     */
    public Optional<Endpoint> masterEndpoint() {
        return masterEndpoint(masterName);
    }

    /** As {@link #masterEndpoint()}, for the master monitored as {@code name}. */
    public Optional<Endpoint> masterEndpoint(String name) {
        String reply = call("SENTINEL", "get-master-addr-by-name", name);
        if (reply == null || reply.startsWith("-")) {
            return Optional.empty();
        }
        String[] hostAndPort = reply.split("\n");
        return Optional.of(new Endpoint(hostAndPort[0], Integer.parseInt(hostAndPort[1])));
    }
}
