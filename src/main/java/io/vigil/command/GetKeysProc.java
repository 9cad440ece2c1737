package io.vigil.command;

import io.vigil.protocol.RespRequest;

/**
 * The commands whose key specs cannot describe their keys, each with the rule Redis 7.0 applies
 * instead (its "getkeys_proc"). {@link KeyFinder} falls back to one of these only where Redis does:
 * when a spec is unknown or incomplete. Every other getkeys_proc in Redis 7.0 agrees with its
 * command's key specs whenever those are valid, so it needs no counterpart here.
 */
enum GetKeysProc {

    /**
     * {@code SORT key [BY pattern] [LIMIT offset count] [GET pattern …] [ASC|DESC] [ALPHA]
     * [STORE destination]}: the sorted key, then the last STORE's destination. Options are skipped
     * with their arguments (LIMIT 2, GET 1, BY 1), so a pattern spelled "store" is not a keyword.
     * Keys named by BY/GET patterns are not returned: they depend on the data.
     */
    SORT {
        @Override
        int keys(RespRequest req, int[] out) {
            int argc = req.argCount();
            int store = -1;
            for (int i = 2; i < argc; i++) {
                if (req.argIs(i, "limit")) {
                    i += 2;
                } else if (req.argIs(i, "get") || req.argIs(i, "by")) {
                    i += 1;
                } else if (req.argIs(i, "store") && i + 1 < argc) {
                    store = i + 1;
                }
            }
            out[0] = 1;
            if (store < 0) {
                return 1;
            }
            out[1] = store;
            return 2;
        }
    },

    /** {@code SORT_RO key …}: only the sorted key (BY/GET patterns are data-dependent). */
    SORT_RO {
        @Override
        int keys(RespRequest req, int[] out) {
            out[0] = 1;
            return 1;
        }
    },

    /**
     * {@code MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw]
     * [KEYS key …]}: argument 3, unless a KEYS option follows (searched from argument 6 on,
     * skipping AUTH's and AUTH2's arguments), in which case every argument after KEYS. KEYS with a
     * non-empty argument 3 is a syntax error: -1 (Redis's own procedure says "no keys").
     */
    MIGRATE {
        @Override
        int keys(RespRequest req, int[] out) {
            int argc = req.argCount();
            for (int i = 6; i < argc; i++) {
                if (req.argIs(i, "keys")) {
                    if (req.argLength(3) > 0) {
                        return -1;
                    }
                    int n = 0;
                    for (int k = i + 1; k < argc; k++) {
                        out[n++] = k;
                    }
                    return n;
                }
                if (req.argIs(i, "auth")) {
                    i += 1;
                } else if (req.argIs(i, "auth2")) {
                    i += 2;
                }
            }
            out[0] = 3;
            return 1;
        }
    };

    /** Writes the key indexes of {@code req} into {@code out}; returns how many, or -1. */
    abstract int keys(RespRequest req, int[] out);

    /** The procedure Redis 7.0 gives the command named {@code name} (lower case), if we need it. */
    static GetKeysProc forCommand(String name) {
        return switch (name) {
            case "sort" -> SORT;
            case "sort_ro" -> SORT_RO;
            case "migrate" -> MIGRATE;
            default -> null;
        };
    }
}
