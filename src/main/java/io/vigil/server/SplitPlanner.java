package io.vigil.server;

import io.vigil.command.CommandSpec;
import io.vigil.command.CommandTable;

import java.util.IdentityHashMap;
import java.util.Map;

/** Which commands a sharded pool splits by key or sends to every shard. */
final class SplitPlanner {

    private static final Map<String, SplitKind> KINDS = Map.ofEntries(
            Map.entry("mget", SplitKind.MGET),
            Map.entry("mset", SplitKind.MSET),
            Map.entry("del", SplitKind.SUM),
            Map.entry("unlink", SplitKind.SUM),
            Map.entry("exists", SplitKind.SUM),
            Map.entry("touch", SplitKind.SUM),
            Map.entry("dbsize", SplitKind.FANOUT_SUM),
            Map.entry("flushdb", SplitKind.FANOUT_ALL_OK),
            Map.entry("flushall", SplitKind.FANOUT_ALL_OK),
            Map.entry("script|flush", SplitKind.FANOUT_ALL_OK),
            Map.entry("keys", SplitKind.FANOUT_CONCAT),
            Map.entry("script|load", SplitKind.FANOUT_FIRST),
            Map.entry("script|exists", SplitKind.FANOUT_AND),
            Map.entry("randomkey", SplitKind.FANOUT_ANY));

    private final IdentityHashMap<CommandSpec, SplitKind> kinds = new IdentityHashMap<>();
    private final CommandSpec scan;

    SplitPlanner(CommandTable table) {
        KINDS.forEach((name, kind) -> {
            CommandSpec spec = table.lookup(name);
            if (spec != null) {
                kinds.put(spec, kind);
            }
        });
        scan = table.lookup("scan");
    }

    /** The split of {@code spec} in a sharded pool, or null when it goes to one shard. */
    SplitKind kind(CommandSpec spec) {
        return spec == null ? null : kinds.get(spec);
    }

    boolean isScan(CommandSpec spec) {
        return spec != null && spec == scan;
    }
}
