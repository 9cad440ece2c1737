package io.vigil.difftest;

import java.util.List;
import java.util.Set;

/**
 * Takes out of a reply only what is truly nondeterministic between two Redis processes: the order
 * of unordered collections (a hash table's iteration order depends on a per-process seed), time
 * left to live (it depends on when the reply was made), and a HELLO's connection id.
 */
final class Normalizer {

    /** Replies listing members of a set or a hash table, in an order that is not defined. */
    private static final Set<String> UNORDERED = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF", "KEYS", "HKEYS", "HVALS");
    private static final Set<String> PAIRS = Set.of("HGETALL");
    private static final Set<String> TIME_LEFT = Set.of("TTL", "PTTL");

    private Normalizer() {
    }

    static Reply normalize(Command c, Reply r) {
        String name = c.name();
        if (r.isError() || r.type == '?') {
            return r;
        }
        if (UNORDERED.contains(name)) {
            return r.sorted(false);
        }
        if (PAIRS.contains(name)) {
            return r.sorted(true);
        }
        if (TIME_LEFT.contains(name) && r.type == ':') {
            long v = Long.parseLong(r.text);
            return v >= 0 ? new Reply(':', "<time left>", null) : r;
        }
        if (name.equals("HELLO") && r.elements != null) {
            for (int i = 0; i + 1 < r.elements.size(); i += 2) {
                if ("id".equals(r.elements.get(i).text)) {
                    r = r.withElement(i + 1, new Reply(':', "<id>", null));
                }
            }
            return r;
        }
        if (name.equals("EXEC") && c.queued != null && r.elements != null && r.elements.size() == c.queued.size()) {
            List<Command> q = c.queued;
            for (int i = 0; i < q.size(); i++) {
                r = r.withElement(i, normalize(q.get(i), r.elements.get(i)));
            }
        }
        return r;
    }
}
