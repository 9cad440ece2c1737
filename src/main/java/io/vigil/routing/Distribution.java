package io.vigil.routing;

import java.util.List;

/**
 * How a key's hash picks a server: nutcracker's {@code ketama}, {@code modula} or {@code random}.
 * A distribution is built once from the servers that take keys, and is immutable afterwards, so
 * every event loop may use it at once.
 */
interface Distribution {

    /** nutcracker's names (nc_hashkit.h, DIST_CODEC). */
    List<String> NAMES = List.of("ketama", "modula", "random");

    /**
     * The shard index of the server for {@code hash}, an unsigned 32-bit value. Allocates nothing.
     */
    int shardFor(long hash);

    /** False when the key does not matter ({@code random}), so callers need not hash it. */
    boolean usesHash();

    /**
     * The distribution nutcracker calls {@code name}, over {@code members}: a whole pool, or the
     * subset of it that should take keys. Members keep their shard index either way.
     *
     * @throws IllegalArgumentException for an unknown name or no members
     */
    static Distribution named(String name, List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members: [] (expected: at least one server)");
        }
        return switch (name) {
            case "ketama" -> Ketama.of(members);
            case "modula" -> Modula.of(members);
            case "random" -> RandomDistribution.of(members);
            default -> throw new IllegalArgumentException(
                    "distribution: '" + name + "' (expected: one of " + NAMES + ")");
        };
    }
}
