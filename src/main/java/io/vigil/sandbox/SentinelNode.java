package io.vigil.sandbox;

import io.vigil.config.Endpoint;
import java.util.Optional;

/** A sandboxed {@code redis-sentinel} that monitors one master under one name. */
public final class SentinelNode extends SandboxNode {

    private final String masterName;

    SentinelNode(ServerProcess process, String masterName) {
        super(process);
        this.masterName = masterName;
    }

    /** The name given in {@code sentinel monitor}. */
    public String masterName() {
        return masterName;
    }

    /**
     * The master this sentinel names now, from {@code SENTINEL get-master-addr-by-name}; empty when
     * it names none. The reply is a two-element array: {@code host} then {@code port}.
     */
    public Optional<Endpoint> masterEndpoint() {
        String reply = call("SENTINEL", "get-master-addr-by-name", masterName);
        if (reply == null || reply.startsWith("-")) {
            return Optional.empty();
        }
        String[] hostAndPort = reply.split("\n");
        return Optional.of(new Endpoint(hostAndPort[0], Integer.parseInt(hostAndPort[1])));
    }
}
