package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames backend bytes into replies: each emitted message is a retained {@link ByteBuf} slice
 * holding exactly one complete RESP2 or RESP3 reply, nested aggregates included, ready to forward.
 * The caller owns and releases each slice.
 *
 * <p>Wire formats, by type byte:
 * <ul>
 *   <li>one line, {@code <type><text>\r\n}: {@code +} simple string, {@code -} error,
 *       {@code :} integer, {@code _} null (empty text), {@code #} boolean ({@code t}/{@code f}),
 *       {@code ,} double, {@code (} big number;</li>
 *   <li>blobs, {@code <type><len>\r\n<len bytes>\r\n}: {@code $} bulk ({@code $-1\r\n} is the
 *       RESP2 null), {@code !} blob error, {@code =} verbatim string;</li>
 *   <li>aggregates, {@code <type><n>\r\n} then their elements: {@code *} array of n
 *       ({@code *-1\r\n} is the RESP2 null array), {@code ~} set of n, {@code >} push of n,
 *       {@code %} map of n pairs, and {@code |} attribute of n pairs, which belongs to the value
 *       after it: the attribute and that value are emitted together as one reply.</li>
 * </ul>
 * RESP3 streamed strings and aggregates ({@code $?}, {@code *?}) are not accepted: Redis never
 * sends them.
 *
 * <p>The scan is resumable: a call that runs out of bytes records where it stopped and the next
 * call goes on from there, so a reply arriving in pieces is scanned once, whatever its size. A
 * malformed reply throws {@link DecoderException} and the decoder drops everything after it.
 */
public final class RespReplyDecoder extends ByteToMessageDecoder {

    private enum State {
        /** At the type byte of the next value. */
        TYPE,
        /** Inside the current value's first line, looking for its LF. */
        LINE,
        /** Waiting for a blob's payload and the CRLF after it. */
        BLOB,
        /** A malformed reply was reported: all further input is dropped. */
        FAILED
    }

    private static final String TYPES = "+ - : _ # , ( $ ! = * ~ > % |";

    private State state = State.TYPE;

    public RespReplyDecoder() {
        setCumulator(Cumulation.CUMULATOR);
    }

    /** Capacity of the buffer holding bytes not yet emitted: what a connection costs between reads. */
    int bufferCapacity() {
        return internalBuffer().capacity();
    }

    // Offsets below are relative to in.readerIndex(), which stays on the reply's first byte until
    // the reply is emitted (see RespRequestDecoder for why that survives buffer changes).

    /**
     * Values still to scan before the reply is complete: 1 for the reply, plus every element an
     * aggregate header announces, minus each value scanned. One counter does the work of a stack
     * of per-level counts, because only the total decides where the reply ends.
     */
    private long remaining = 1;
    /** Start of the value being scanned. */
    private int cursor;
    /** Where the search for the current line's LF resumes. */
    private int scanned;
    /** Type byte of the value being scanned. */
    private byte type;
    /** End of the awaited blob, its trailing CRLF included. */
    private int blobEnd;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int base = in.readerIndex();
        int readable = in.readableBytes();
        while (true) {
            switch (state) {
                case TYPE -> {
                    if (cursor >= readable) {
                        return;
                    }
                    type = in.getByte(base + cursor);
                    if (!isType(type)) {
                        throw fail(in, String.format("type byte: 0x%02x (expected: one of %s)", type, TYPES));
                    }
                    scanned = cursor + 1;
                    state = State.LINE;
                }
                case LINE -> {
                    int lf = in.indexOf(base + scanned, base + readable, (byte) '\n');
                    if (lf < 0) {
                        scanned = readable;
                        return;
                    }
                    if (lf - 1 <= base + cursor || in.getByte(lf - 1) != '\r') {
                        throw fail(in, "line end: LF without CR (expected: CRLF)");
                    }
                    if (endOfLine(in, lf - 1 - base)) {
                        emit(in, out);
                        return;
                    }
                }
                case BLOB -> {
                    if (readable < blobEnd) {
                        Cumulation.reserve(in, blobEnd - readable);
                        return;
                    }
                    if (in.getByte(base + blobEnd - 2) != '\r' || in.getByte(base + blobEnd - 1) != '\n') {
                        throw fail(in, "blob end: other bytes after the announced length (expected: CRLF)");
                    }
                    cursor = blobEnd;
                    if (valueDone()) {
                        emit(in, out);
                        return;
                    }
                }
                case FAILED -> {
                    in.skipBytes(readable);
                    return;
                }
            }
        }
    }

    /**
     * The current value's first line ends with the CR at relative index {@code cr}. Returns true
     * when that completes the reply.
     */
    private boolean endOfLine(ByteBuf in, int cr) {
        int base = in.readerIndex();
        int textIndex = base + cursor + 1;
        int textLength = cr - cursor - 1;
        int next = cr + 2;
        switch (type) {
            case '+', '-', ',', '(' -> {
                cursor = next;
                return valueDone();
            }
            case ':' -> {
                if (Decimal.parse(in, textIndex, textLength) == Decimal.INVALID) {
                    throw badText(in, "integer reply", textIndex, textLength, "a 64-bit decimal");
                }
                cursor = next;
                return valueDone();
            }
            case '_' -> {
                if (textLength != 0) {
                    throw badText(in, "null reply text", textIndex, textLength, "none");
                }
                cursor = next;
                return valueDone();
            }
            case '#' -> {
                byte b = in.getByte(textIndex);
                if (textLength != 1 || (b != 't' && b != 'f')) {
                    throw badText(in, "boolean reply", textIndex, textLength, "t or f");
                }
                cursor = next;
                return valueDone();
            }
            case '$', '!', '=' -> {
                long length = Decimal.parse(in, textIndex, textLength);
                cursor = next;
                if (length == -1 && type == '$') {
                    return valueDone();
                }
                if (length < 0 || next + length + 2 > Integer.MAX_VALUE) {
                    throw badText(in, "blob length", textIndex, textLength, "0 or more, or -1 for $");
                }
                blobEnd = (int) (next + length + 2);
                state = State.BLOB;
                return false;
            }
            case '*', '~', '>', '%', '|' -> {
                long count = Decimal.parse(in, textIndex, textLength);
                cursor = next;
                if (count == -1 && type == '*') {
                    return valueDone();
                }
                if (count < 0 || count > Integer.MAX_VALUE) {
                    throw badText(in, "aggregate length", textIndex, textLength, "0 to 2^31 - 1, or -1 for *");
                }
                // A map or attribute holds n pairs; an attribute also owns the value after it.
                remaining += type == '%' ? 2 * count : type == '|' ? 2 * count + 1 : count;
                return valueDone();
            }
            default -> throw new IllegalStateException("type checked in state TYPE: " + type);
        }
    }

    private static boolean isType(byte b) {
        return switch (b) {
            case '+', '-', ':', '_', '#', ',', '(', '$', '!', '=', '*', '~', '>', '%', '|' -> true;
            default -> false;
        };
    }

    /** One more value scanned; true when it was the reply's last. */
    private boolean valueDone() {
        state = State.TYPE;
        return --remaining == 0;
    }

    private void emit(ByteBuf in, List<Object> out) {
        ByteBuf reply = in.retainedSlice(in.readerIndex(), cursor);
        in.skipBytes(cursor);
        cursor = 0;
        remaining = 1;
        out.add(reply);
    }

    /** {@code what: <up to 32 bytes of the header's text> (expected: ...)} */
    private DecoderException badText(ByteBuf in, String what, int index, int length, String expected) {
        String text = in.toString(index, Math.min(length, 32), StandardCharsets.ISO_8859_1);
        return fail(in, what + ": " + text + " (expected: " + expected + ")");
    }

    private DecoderException fail(ByteBuf in, String message) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        return new DecoderException("malformed RESP reply: " + message);
    }
}
