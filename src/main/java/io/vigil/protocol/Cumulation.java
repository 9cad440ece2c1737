package io.vigil.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Growing a decoder's cumulation buffer while it waits for a large payload.
 *
 * <p>{@code ByteToMessageDecoder} appends each read to one buffer, and Netty grows a buffer past
 * 4 MiB in 4 MiB steps, copying it each time: a 100 MB bulk would be copied about 25 times. A
 * decoder that knows how many bytes are still missing doubles the buffer instead (never past what
 * is missing, and only once it is nearly full), so the copies add up to about twice the payload
 * and memory stays within about twice what the peer has actually sent.
 */
final class Cumulation {

    /** Grow only when fewer bytes than this remain writable: about one socket read. */
    static final int GROW_BELOW_WRITABLE = 64 * 1024;

    private Cumulation() {
    }

    /**
     * Makes room in {@code in} for {@code missing} more bytes, geometrically. Does nothing when
     * the buffer is shared (a slice of it was emitted and is still alive: the cumulator replaces
     * it instead) or cannot grow.
     */
    static void reserve(ByteBuf in, long missing) {
        int writable = in.writableBytes();
        if (writable >= missing || writable >= GROW_BELOW_WRITABLE || in.refCnt() != 1) {
            return;
        }
        long grow = Math.min(missing, Math.max(in.capacity(), GROW_BELOW_WRITABLE));
        in.ensureWritable((int) Math.min(grow, Integer.MAX_VALUE), false);
    }
}
