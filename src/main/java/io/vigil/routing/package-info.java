/**
 * Key placement, identical to twemproxy's (nutcracker 0.5): the twelve key hash functions
 * ({@link io.vigil.routing.HashFunctions}), the {@code ketama}, {@code modula} and {@code random}
 * distributions, {@code hash_tag}, and the {@link io.vigil.routing.ShardMap} that combines them
 * into "which shard holds this key".
 *
 * <p>Layout: {@link io.vigil.routing.ShardMap#of} is the entry point, and
 * {@link io.vigil.routing.ShardMap#shardFor} the per-request call. Each hash function is its own
 * small class, written from nutcracker's {@code src/hashkit} behaviour, quirks included (signed
 * {@code char} widening, the 32-bit {@code fnv1a_64}, the unmasked {@code crc16}); {@code Md5}
 * serves both the {@code md5} hash and ketama's ring. {@code Member} holds one server and the order
 * nutcracker sorts servers in, which modula's slots follow. Distributions are built from a list of
 * members, so a ring over a subset of a pool's servers is one call away.
 *
 * <p>Everything on the per-request path reads a byte range of a Netty {@code ByteBuf} and
 * allocates nothing. This package depends on {@code io.vigil.config} and Netty's buffers only; it
 * must not depend on protocol, command, topology, backend or server code.
 */
package io.vigil.routing;
