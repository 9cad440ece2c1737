package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * One of nutcracker's key hash functions. It reads {@code length} bytes of {@code buf} from
 * {@code index} without moving the buffer's indices, allocates nothing, and returns what
 * nutcracker 0.5 returns for the same bytes on x86-64: an unsigned 32-bit value, held in a
 * {@code long} so that it compares and divides as nutcracker's {@code uint32_t} does.
 */
public interface HashFunction {

    long hash(ByteBuf buf, int index, int length);
}
