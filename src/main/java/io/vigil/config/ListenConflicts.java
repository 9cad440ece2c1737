package io.vigil.config;

import java.util.List;
import java.util.Set;

/**
 * Two pools cannot listen on one address. nutcracker compares the {@code listen} strings; Vigil
 * compares what would be bound, so that a pool on {@code 0.0.0.0:22121} also conflicts with one on
 * {@code 127.0.0.1:22121}. Port 0 asks for any free port, so pools on port 0 never conflict.
 */
final class ListenConflicts {

    /** Host strings that mean every local address. */
    static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::");

    private ListenConflicts() {
    }

    static void check(String file, List<PoolConfig> pools) throws ConfigException {
        for (int i = 0; i < pools.size(); i++) {
            for (int j = 0; j < i; j++) {
                PoolConfig earlier = pools.get(j);
                PoolConfig later = pools.get(i);
                if (overlap(earlier.listen(), later.listen())) {
                    throw new ConfigException(file + ": pool '" + later.name() + "': listen: '" + later.listen()
                            + "' (expected: an address no other pool uses; pool '" + earlier.name()
                            + "' listens on '" + earlier.listen() + "')");
                }
            }
        }
    }

    private static boolean overlap(Endpoint a, Endpoint b) {
        if (a.port() != b.port() || a.port() == 0) {
            return false;
        }
        return a.host().equalsIgnoreCase(b.host()) || WILDCARDS.contains(a.host()) || WILDCARDS.contains(b.host());
    }
}
