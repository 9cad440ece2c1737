package io.vigil.command;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Decides a {@link PlanKind} for each request. The kinds of the commands Vigil treats specially
 * are fixed at start; every other command is forwarded, unknown commands included, and commands
 * that the table flags as blocking get a dedicated connection.
 */
public final class Planner {

    private static final Map<String, PlanKind> SPECIAL = Map.ofEntries(
            Map.entry("multi", PlanKind.MULTI),
            Map.entry("exec", PlanKind.EXEC),
            Map.entry("discard", PlanKind.DISCARD),
            Map.entry("watch", PlanKind.WATCH),
            Map.entry("unwatch", PlanKind.UNWATCH),
            Map.entry("subscribe", PlanKind.SUBSCRIBE),
            Map.entry("psubscribe", PlanKind.SUBSCRIBE),
            Map.entry("ssubscribe", PlanKind.SUBSCRIBE),
            Map.entry("monitor", PlanKind.MONITOR),
            Map.entry("select", PlanKind.SELECT),
            Map.entry("ping", PlanKind.PING),
            Map.entry("echo", PlanKind.ECHO),
            Map.entry("quit", PlanKind.QUIT),
            Map.entry("reset", PlanKind.RESET),
            Map.entry("auth", PlanKind.AUTH),
            Map.entry("hello", PlanKind.HELLO),
            // WAIT blocks its connection although the table does not flag it blocking
            Map.entry("wait", PlanKind.FORWARD_DEDICATED),
            Map.entry("client|setname", PlanKind.CLIENT_SETNAME),
            Map.entry("client|getname", PlanKind.CLIENT_GETNAME),
            Map.entry("client|id", PlanKind.CLIENT_ID),
            Map.entry("client|setinfo", PlanKind.CLIENT_SETINFO),
            Map.entry("client|reply", PlanKind.CLIENT_REPLY),
            // per-connection state that a shared connection cannot carry for one client
            Map.entry("client|tracking", PlanKind.UNSUPPORTED),
            Map.entry("client|caching", PlanKind.UNSUPPORTED),
            Map.entry("client|getredir", PlanKind.UNSUPPORTED),
            Map.entry("client|no-evict", PlanKind.UNSUPPORTED),
            Map.entry("client|no-touch", PlanKind.UNSUPPORTED),
            // the replication protocol would take the shared connection over
            Map.entry("sync", PlanKind.UNSUPPORTED),
            Map.entry("psync", PlanKind.UNSUPPORTED),
            Map.entry("replconf", PlanKind.UNSUPPORTED));

    private final IdentityHashMap<CommandSpec, PlanKind> kinds = new IdentityHashMap<>();

    public Planner(CommandTable table) {
        for (Map.Entry<String, PlanKind> e : SPECIAL.entrySet()) {
            CommandSpec spec = table.lookup(e.getKey());
            if (spec != null) {
                kinds.put(spec, e.getValue());
            }
        }
    }

    /** The kind of a request whose command is {@code spec}; null means an unknown command. */
    public PlanKind plan(CommandSpec spec) {
        if (spec == null) {
            return PlanKind.FORWARD;
        }
        PlanKind kind = kinds.get(spec);
        if (kind != null) {
            return kind;
        }
        return spec.isBlocking() ? PlanKind.FORWARD_DEDICATED : PlanKind.FORWARD;
    }
}
