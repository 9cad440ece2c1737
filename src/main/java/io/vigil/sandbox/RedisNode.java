package io.vigil.sandbox;

/** A sandboxed {@code redis-server}, master or replica. */
public final class RedisNode extends SandboxNode {

    RedisNode(ServerProcess process) {
        super(process);
    }

    /** The first word of {@code ROLE}: {@code master}, {@code slave} or {@code sentinel}. */
    public String role() {
        String reply = call("ROLE");
        return reply == null ? "" : reply.split("\n", 2)[0];
    }

    /** The {@code requirepass} of this node's config, or null; replicas and sentinels reuse it. */
    String password() {
        return process().password();
    }
}
