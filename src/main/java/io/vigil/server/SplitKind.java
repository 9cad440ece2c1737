package io.vigil.server;

/** How a request that spans shards is split, and how the shards' replies become one. */
enum SplitKind {
    /** MGET: keys split by shard; the values come back in request order, a failed shard's keys as its error. */
    MGET(true, 1, true),
    /** MSET: key/value pairs split by shard; OK when every shard says OK, else the first error. */
    MSET(true, 2, false),
    /** DEL, UNLINK, EXISTS, TOUCH: keys split by shard; the integers are added up. */
    SUM(true, 1, false),
    /** DBSIZE: to every shard, integers added up. */
    FANOUT_SUM(false, 0, true),
    /** FLUSHDB, FLUSHALL, SCRIPT FLUSH: to every shard; OK when every shard says OK. */
    FANOUT_ALL_OK(false, 0, false),
    /** KEYS: to every shard; the arrays are joined. */
    FANOUT_CONCAT(false, 0, true),
    /** SCRIPT LOAD: to every shard, so EVALSHA works wherever its keys are; the first SHA. */
    FANOUT_FIRST(false, 0, false),
    /** SCRIPT EXISTS: to every shard; a script exists when it exists on every shard. */
    FANOUT_AND(false, 0, true),
    /** RANDOMKEY: to every shard; the first key found. */
    FANOUT_ANY(false, 0, true);

    /** Split by key (true) or sent whole to every shard (false). */
    final boolean byKey;
    /** Arguments per key for a split by key: 1 for keys, 2 for key/value pairs. */
    final int step;
    /** Reads only (DEL, UNLINK and TOUCH share SUM and count as writes): a part may be sent again after its connection died. */
    final boolean readOnly;

    SplitKind(boolean byKey, int step, boolean readOnly) {
        this.byKey = byKey;
        this.step = step;
        this.readOnly = readOnly;
    }
}
