package io.vigil.command;

import io.vigil.protocol.RespRequest;

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
    private final CommandSpec client;
    private final CommandSpec xread;
    private final CommandSpec xreadgroup;

    public Planner(CommandTable table) {
        for (Map.Entry<String, PlanKind> e : SPECIAL.entrySet()) {
            CommandSpec spec = table.lookup(e.getKey());
            if (spec != null) {
                kinds.put(spec, e.getValue());
            }
        }
        client = table.lookup("client");
        xread = table.lookup("xread");
        xreadgroup = table.lookup("xreadgroup");
    }

    /**
     * The kind of {@code req}, whose command is {@code spec}. Looks at the arguments where the
     * command alone does not decide: XREAD blocks only with BLOCK, and CLIENT SETINFO (Redis 7.2,
     * sent by current clients on connect) is answered locally although 7.0's table lacks it.
     */
    public PlanKind plan(CommandSpec spec, RespRequest req) {
        if (spec == client && req.argCount() > 1 && req.argIs(1, "setinfo")) {
            return PlanKind.CLIENT_SETINFO;
        }
        if (spec != null && (spec == xread || spec == xreadgroup)) {
            return hasBlockOption(req) ? PlanKind.FORWARD_DEDICATED : PlanKind.FORWARD;
        }
        return plan(spec);
    }

    // XREAD [COUNT n] [BLOCK ms] STREAMS ...; XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS ...
    private static boolean hasBlockOption(RespRequest req) {
        for (int i = 1; i < req.argCount(); i++) {
            if (req.argIs(i, "streams")) {
                return false;
            }
            if (req.argIs(i, "block")) {
                return true;
            }
        }
        return false;
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
