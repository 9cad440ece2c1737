package io.vigil.command;

import io.vigil.protocol.RespRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Redis command and subcommand Vigil knows, from the generated resource
 * {@code io/vigil/command/commands.tsv}. Immutable; one instance serves all event loops.
 *
 * <p>A command missing from the table is still a command: {@link #lookup} returns null and the
 * caller sends it to the master. The table never refuses anything by itself.
 */
public final class CommandTable {

    /** A top-level command and, for a container such as CONFIG, its subcommands by name. */
    private record Entry(CommandSpec spec, NameTable<CommandSpec> subcommands) {
    }

    private final String redisVersion;
    private final List<CommandSpec> commands;
    private final NameTable<Entry> byName;

    CommandTable(String redisVersion, List<CommandSpec> commands) {
        this.redisVersion = redisVersion;
        this.commands = List.copyOf(commands);
        Map<String, CommandSpec> top = new HashMap<>();
        Map<String, Map<String, CommandSpec>> subs = new HashMap<>();
        for (CommandSpec spec : commands) {
            int bar = spec.name().indexOf('|');
            if (bar < 0) {
                top.put(spec.name(), spec);
            } else {
                subs.computeIfAbsent(spec.name().substring(0, bar), k -> new HashMap<>())
                        .put(spec.name().substring(bar + 1), spec);
            }
        }
        Map<String, Entry> entries = new HashMap<>();
        for (CommandSpec spec : top.values()) {
            Map<String, CommandSpec> children = subs.remove(spec.name());
            entries.put(spec.name(), new Entry(spec, children == null ? null : new NameTable<>(children)));
        }
        if (!subs.isEmpty()) {
            throw new IllegalArgumentException(
                    "subcommands without a container: " + subs.keySet() + " (expected: a line for each container)");
        }
        this.byName = new NameTable<>(entries);
    }

    /** The table generated from Redis and shipped in the jar, loaded on first use. */
    public static CommandTable standard() {
        return Standard.TABLE;
    }

    /** Holder idiom: the resource is read once, when {@link #standard()} is first called. */
    private static final class Standard {
        static final CommandTable TABLE = CommandTableLoader.loadResource(CommandTableLoader.RESOURCE);
    }

    /**
     * The spec for {@code req}'s command (argument 0, ASCII case ignored). For a container command
     * (CONFIG, CLIENT, XINFO, …) it is the subcommand's spec when argument 1 names one, else the
     * container's own. Null for a command the table does not know. Allocates nothing.
     */
    public CommandSpec lookup(RespRequest req) {
        if (req.argCount() == 0) {
            return null;
        }
        Entry entry = byName.get(req, 0);
        if (entry == null) {
            return null;
        }
        if (entry.subcommands != null && req.argCount() > 1) {
            CommandSpec sub = entry.subcommands.get(req, 1);
            if (sub != null) {
                return sub;
            }
        }
        return entry.spec;
    }

    /**
     * The spec named {@code name}, case ignored: {@code "get"}, or a subcommand written
     * {@code "config|get"} or {@code "CONFIG GET"}. Null when unknown. For configuration checks,
     * not the hot path.
     */
    public CommandSpec lookup(String name) {
        String trimmed = name.trim();
        int sep = trimmed.indexOf('|') >= 0 ? trimmed.indexOf('|') : trimmed.indexOf(' ');
        Entry entry = byName.get(sep < 0 ? trimmed : trimmed.substring(0, sep));
        if (entry == null || sep < 0) {
            return entry == null ? null : entry.spec;
        }
        return entry.subcommands == null ? null : entry.subcommands.get(trimmed.substring(sep + 1).trim());
    }

    /** Every command and subcommand, in the resource's order (containers before their subs). */
    public List<CommandSpec> commands() {
        return commands;
    }

    /** The Redis version whose {@code COMMAND} reply generated the table, e.g. {@code 7.0.15}. */
    public String redisVersion() {
        return redisVersion;
    }
}
