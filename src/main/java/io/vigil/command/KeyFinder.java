package io.vigil.command;

import io.vigil.protocol.RespRequest;

/**
 * Finds the argument indexes of a request's keys the way Redis 7.0 does for
 * {@code COMMAND GETKEYS}: apply the key specs in order; if one is unknown, incomplete or does not
 * fit the request, use the command's {@link GetKeysProc} when it has one, else report the request
 * malformed. Specs marked {@code not_key} (channels) are skipped.
 *
 * <p>One deliberate difference, in how "no keys" is reported: a request that does not fit the
 * specs gives -1 where Redis's fallback procedure (evalGetKeys, xreadGetKeys, …) answers "no keys";
 * Redis rejects such a request when it runs it. A key count of zero fits only a command flagged
 * {@code no_mandatory_keys} (EVAL, FCALL and their _RO forms), the one case where Redis accepts
 * zero keys too.
 *
 * <p>Allocates nothing: the caller passes an array with at least {@code argCount()} slots.
 */
final class KeyFinder {

    /** {@link #begin} results that are not an index. */
    private static final int INVALID = -1;
    private static final int NOT_FOUND = -2;

    private KeyFinder() {
    }

    /** Writes {@code req}'s key indexes into {@code out}; returns how many, or -1 if malformed. */
    static int keys(CommandSpec spec, RespRequest req, int[] out) {
        if (out.length < req.argCount()) {
            throw new IllegalArgumentException(
                    "out: " + out.length + " slots (expected: at least argCount " + req.argCount() + ")");
        }
        int n = fromSpecs(spec, req, out);
        if (n < 0 && spec.getKeysProc != null) {
            return spec.getKeysProc.keys(req, out);
        }
        return n;
    }

    private static int fromSpecs(CommandSpec spec, RespRequest req, int[] out) {
        int argc = req.argCount();
        int n = 0;
        for (KeySpec ks : spec.keySpecs) {
            if (ks.notKey) {
                continue;
            }
            int first = begin(ks.begin, req, argc);
            if (first == NOT_FOUND) {
                continue;
            }
            if (first == INVALID) {
                return -1;
            }
            int last;
            int step;
            if (ks.find instanceof KeySpec.Range r) {
                step = r.step();
                if (r.lastKey() >= 0) {
                    last = first + r.lastKey();
                } else if (r.limit() == 0) {
                    last = argc + r.lastKey();
                } else {
                    // only 1/limit of what remains are keys: XREAD … STREAMS k1 k2 id1 id2
                    last = first + (argc - first) / r.limit() + r.lastKey();
                }
            } else if (ks.find instanceof KeySpec.KeyNum k) {
                step = k.step();
                int countAt = first + k.keyNumIdx();
                if (countAt >= argc) {
                    return -1;
                }
                long count = req.argLong(countAt);
                if (count < 0 || count > argc) {
                    return -1;
                }
                if (count == 0 && spec.hasFlag(CommandFlags.NO_MANDATORY_KEYS)) {
                    continue;
                }
                first += k.firstKey();
                last = first + (int) count - 1;
            } else {
                return -1;
            }
            if (last >= argc || last < first || first >= argc) {
                return -1;
            }
            for (int i = first; i <= last; i += step) {
                out[n++] = i;
            }
            if (ks.incomplete) {
                return -1;
            }
        }
        return n;
    }

    /** Index of the first key, {@link #NOT_FOUND} when a keyword is absent, or {@link #INVALID}. */
    private static int begin(KeySpec.BeginSearch begin, RespRequest req, int argc) {
        if (begin instanceof KeySpec.Index idx) {
            return idx.pos();
        }
        if (!(begin instanceof KeySpec.Keyword kw)) {
            return INVALID;
        }
        int from = kw.startFrom();
        int start = from > 0 ? from : argc + from;
        int end = from > 0 ? argc - 1 : 1;
        int dir = start <= end ? 1 : -1;
        // the end is exclusive: walking right, a keyword in last place would have no key after
        // it; walking left, argument 1 is never examined (Redis's loop, kept as it is)
        for (int i = start; i != end; i += dir) {
            if (i >= argc || i < 1) {
                break;
            }
            if (req.argIs(i, kw.keyword())) {
                return i + 1;
            }
        }
        return NOT_FOUND;
    }
}
