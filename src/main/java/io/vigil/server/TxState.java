package io.vigil.server;

/**
 * Where a client is in a transaction. The dedicated connection of a transaction can be lost (its
 * master died or was fenced after a failover); the client is then told in Redis's own terms
 * instead of having the rest of its transaction run outside one.
 */
enum TxState {
    NONE,
    /** WATCH sent, no MULTI yet. */
    WATCHING,
    /** MULTI sent: commands are queued on the dedicated connection. */
    MULTI,
    /** MULTI answered by Vigil in a sharded pool: the first queued command's shard opens it. */
    MULTI_LAZY,
    /** The connection holding the watched keys was lost: the next transaction must not succeed. */
    WATCH_LOST,
    /** A MULTI after a lost WATCH: queued locally, and EXEC answers nil, as when a watched key changed. */
    MULTI_AFTER_WATCH_LOST,
    /** The connection of a MULTI in progress was lost: commands error, EXEC answers EXECABORT. */
    MULTI_ABORTED
}
