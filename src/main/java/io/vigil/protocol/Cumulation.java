package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * How the decoders keep the bytes of a message that has not fully arrived.
 *
 * <p>Both decoders emit messages as slices of the buffer they read, so a buffer stays alive (and
 * shared) while any message cut from it is still queued for a client. Netty's own cumulator then
 * behaves badly on a busy connection carrying large values: while the buffer is not shared it
 * appends in place and lets the buffer grow, bytes already read included (it drops them only
 * every 16 reads, and only if no slice is alive at that moment); 100 KB GETs pipelined 16 deep by
 * 50 clients grew one backend buffer past 4 MiB, then every read reallocated and zeroed tens of
 * megabytes, and requests timed out. {@link #CUMULATOR} instead:
 * <ul>
 *   <li>takes the new read as it is when nothing is left over (the common case: no copy);</li>
 *   <li>appends in place when the buffer is not shared and has room;</li>
 *   <li>when it has no room, first moves the unread bytes to the front if the bytes already
 *       read are at least as many (so each byte is moved at most about once), else grows;</li>
 *   <li>when the buffer is shared (or cannot grow), copies the unread bytes and the read into a
 *       new buffer, and leaves the old one to the slices.</li>
 * </ul>
 * A buffer therefore holds about one partial message plus one read, whatever has passed through.
 *
 * <p>Decoders keep their offsets relative to the reader index, which all of this preserves.
 */
final class Cumulation {

    /** Grow only when fewer bytes than this remain writable: about one socket read. */
    static final int GROW_BELOW_WRITABLE = 64 * 1024;

    static final ByteToMessageDecoder.Cumulator CUMULATOR = Cumulation::cumulate;

    private Cumulation() {
    }

    static ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation == in) { // the decoder holds it twice: give back one reference
            in.release();
            return cumulation;
        }
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            int required = in.readableBytes();
            if (cumulation.refCnt() == 1 && !cumulation.isReadOnly()) {
                if (cumulation.maxFastWritableBytes() < required && cumulation.readerIndex() >= cumulation.readableBytes()) {
                    cumulation.discardReadBytes();
                }
                if (cumulation.maxWritableBytes() >= required) { // else it cannot grow: a wrapped array
                    cumulation.writeBytes(in, in.readerIndex(), required);
                    return cumulation;
                }
            }
            int readable = cumulation.readableBytes();
            ByteBuf next = alloc.buffer(readable + required);
            next.writeBytes(cumulation, cumulation.readerIndex(), readable).writeBytes(in, in.readerIndex(), required);
            cumulation.release();
            return next;
        } finally {
            in.release();
        }
    }

    /**
     * Makes room in {@code in} for {@code missing} more bytes, geometrically, so a 100 MB payload
     * is copied about twice rather than once per 4 MiB step. Does nothing when the buffer is
     * shared (the cumulator replaces it instead) or cannot grow.
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
