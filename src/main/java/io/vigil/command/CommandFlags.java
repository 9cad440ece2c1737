package io.vigil.command;

import java.util.Collection;

/**
 * The command flags the proxy routes on, as bits, so that a hot-path check is one AND.
 *
 * <p>Names are those Redis 7.0 prints in {@code COMMAND} (third field of each entry). Flags not
 * listed here (skip_monitor, no_auth, allow_busy, …) are kept by name in
 * {@link CommandSpec#flags()} but get no bit.
 */
final class CommandFlags {

    static final int WRITE = 1;
    static final int READONLY = 1 << 1;
    static final int DENYOOM = 1 << 2;
    static final int ADMIN = 1 << 3;
    static final int PUBSUB = 1 << 4;
    static final int NOSCRIPT = 1 << 5;
    static final int BLOCKING = 1 << 6;
    static final int LOADING = 1 << 7;
    static final int STALE = 1 << 8;
    static final int FAST = 1 << 9;
    static final int MOVABLEKEYS = 1 << 10;
    static final int NO_MULTI = 1 << 11;
    static final int NO_MANDATORY_KEYS = 1 << 12;

    private CommandFlags() {
    }

    static int bit(String name) {
        return switch (name) {
            case "write" -> WRITE;
            case "readonly" -> READONLY;
            case "denyoom" -> DENYOOM;
            case "admin" -> ADMIN;
            case "pubsub" -> PUBSUB;
            case "noscript" -> NOSCRIPT;
            case "blocking" -> BLOCKING;
            case "loading" -> LOADING;
            case "stale" -> STALE;
            case "fast" -> FAST;
            case "movablekeys" -> MOVABLEKEYS;
            case "no_multi" -> NO_MULTI;
            case "no_mandatory_keys" -> NO_MANDATORY_KEYS;
            default -> 0;
        };
    }

    static int bits(Collection<String> names) {
        int bits = 0;
        for (String name : names) {
            bits |= bit(name);
        }
        return bits;
    }
}
