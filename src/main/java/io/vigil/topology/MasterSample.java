package io.vigil.topology;

/**
 * A master's replication offset and the moment just before it was asked: everything the master
 * had written at {@code atNanos} lies within {@code offset}, since the offset only grows and was
 * read after that moment.
 *
 * @param atNanos {@link System#nanoTime()} before {@code INFO replication} was sent
 * @param offset the master's {@code master_repl_offset}
 * @param replicationId the master's {@code master_replid}; a replica's offset is comparable only
 *     when it reports the same id
 */
record MasterSample(long atNanos, long offset, String replicationId) {
}
