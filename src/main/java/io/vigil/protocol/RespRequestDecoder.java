package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import java.util.Arrays;
import java.util.List;

/**
 * Frames client bytes into {@link RespRequest}s, accepting and rejecting exactly what Redis 7.0's
 * {@code processMultibulkBuffer} and {@code processInlineBuffer} accept and reject.
 *
 * <p>Wire formats: multibulk {@code *<n>\r\n} then n × {@code $<len>\r\n<bytes>\r\n}; anything
 * that does not start with '*' is an inline line ending in {@code \n} or {@code \r\n} (see
 * {@link InlineCommandParser}). {@code *0}, negative counts and blank lines produce nothing.
 *
 * <p>Redis quirks kept on purpose, so that a request means the same here as at the backend:
 * <ul>
 *   <li>A header line ends at its CR; the byte after it is skipped unchecked, as are the two
 *       bytes after a bulk's payload.</li>
 *   <li>Redis finds line ends with {@code strchr}, which stops at a NUL: a NUL in a header or an
 *       inline line means that line never ends, until more than {@code maxInlineBytes} are
 *       pending and the "too big" error comes.</li>
 *   <li>A line longer than {@code maxInlineBytes} is "too big" even if its end has arrived.
 *       (Redis decides per 16 KiB read, so it may take lines up to 16 KiB longer.)</li>
 * </ul>
 *
 * <p>The first malformed byte produces one {@link ProtocolError}; every byte after it is dropped.
 * Each call emits at most one message, so a handler that calls {@link #setAuthenticated} while it
 * handles AUTH changes the limits for the very next request of the same read.
 */
public final class RespRequestDecoder extends ByteToMessageDecoder {

    /** Redis: a client that must still authenticate may not announce more arguments than this. */
    static final int UNAUTHENTICATED_MAX_ARGS = 10;
    /** Redis: nor a bulk longer than this. */
    static final int UNAUTHENTICATED_MAX_BULK_BYTES = 16 * 1024;
    /** Argument arrays start no longer than this and grow, so a bare "*1000000" costs little. */
    private static final int INITIAL_ARGS_CAPACITY = 1024;

    private static final ByteProcessor FIND_CR_OR_NUL = b -> b != '\r' && b != 0;
    private static final ByteProcessor FIND_LF_OR_NUL = b -> b != '\n' && b != 0;

    private enum State {
        /** At the first byte of a request: '*' starts a multibulk, anything else an inline line. */
        START,
        /** Looking for the CR that ends {@code *<n>}. */
        MULTIBULK_COUNT,
        /** Looking for the CR that ends the next argument's {@code $<len>}. */
        BULK_LENGTH,
        /** Waiting for an argument's bytes and the two bytes after them. */
        BULK_BODY,
        /** Looking for the LF that ends an inline line. */
        INLINE,
        /** A protocol error was emitted: all further input is dropped. */
        DISCARDING
    }

    private final long maxBulkBytes;
    private final int maxArgs;
    private final int maxInlineBytes;
    private final InlineCommandParser inline = new InlineCommandParser();

    private State state = State.START;
    private boolean authenticated = true;

    // Offsets below are relative to in.readerIndex(), which stays on the request's first byte
    // until the request is emitted. Between calls ByteToMessageDecoder may move the unread bytes
    // to a new buffer, but never changes where they are relative to the reader index.

    /** Start of the header or payload being read; once a request is complete, its length. */
    private int cursor;
    /** Where the search for the current line's end resumes, so no byte is searched twice. */
    private int scanned;
    /** Arguments the multibulk header announced, and how many have been read. */
    private int argsExpected;
    private int argc;
    /** Where each argument's bytes start in the frame, and their lengths; handed to the request. */
    private int[] offsets;
    private int[] lengths;
    /** Length of the argument whose payload is awaited. */
    private int bulkLength;

    /**
     * @param maxBulkBytes longest argument (Redis's {@code proto-max-bulk-len}); longer is
     *                     "invalid bulk length"
     * @param maxArgs most arguments in one request; more is "invalid multibulk length"
     * @param maxInlineBytes longest inline line or header line (Redis: 64 KiB)
     */
    public RespRequestDecoder(long maxBulkBytes, int maxArgs, int maxInlineBytes) {
        if (maxBulkBytes < 0 || maxArgs < 1 || maxInlineBytes < 1) {
            throw new IllegalArgumentException("limits: " + maxBulkBytes + ", " + maxArgs + ", "
                    + maxInlineBytes + " (expected: maxBulkBytes >= 0, maxArgs >= 1, maxInlineBytes >= 1)");
        }
        this.maxBulkBytes = maxBulkBytes;
        this.maxArgs = maxArgs;
        this.maxInlineBytes = maxInlineBytes;
        setCumulator(Cumulation.CUMULATOR);
    }

    /**
     * While false, Redis's limits for clients that must still authenticate apply: more than 10
     * arguments is "unauthenticated multibulk length", a bulk over 16384 bytes "unauthenticated
     * bulk length". Default: true. Call it from the channel's event loop.
     */
    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean more = true;
        while (more) {
            more = switch (state) {
                case START -> {
                    state = in.getByte(in.readerIndex()) == '*' ? State.MULTIBULK_COUNT : State.INLINE;
                    yield true;
                }
                case MULTIBULK_COUNT -> readMultibulkCount(in, out);
                case BULK_LENGTH -> readBulkLength(in, out);
                case BULK_BODY -> readBulkBody(in, out);
                case INLINE -> readInline(ctx, in, out);
                case DISCARDING -> {
                    in.skipBytes(in.readableBytes());
                    yield false;
                }
            };
        }
    }

    // Each read* method returns true when it moved to another state and decoding can go on, false
    // when it needs more bytes or has consumed input (a request, an empty one, or an error).

    /** {@code *<n>\r\n}: Redis checks the count is a number, at most INT_MAX (here maxArgs). */
    private boolean readMultibulkCount(ByteBuf in, List<Object> out) {
        int cr = findLineEnd(in, FIND_CR_OR_NUL);
        if (cr < 0) {
            return tooBigUnlessWaiting(in, out, ProtocolError.TOO_BIG_MBULK_COUNT_STRING);
        }
        if (cr + 1 >= in.readableBytes()) {
            return false;
        }
        long count = Decimal.parse(in, in.readerIndex() + 1, cr - 1);
        if (count == Decimal.INVALID || count > maxArgs) {
            return fail(in, out, ProtocolError.INVALID_MULTIBULK_LENGTH);
        }
        if (count > UNAUTHENTICATED_MAX_ARGS && !authenticated) {
            return fail(in, out, ProtocolError.UNAUTHENTICATED_MULTIBULK_LENGTH);
        }
        cursor = cr + 2;
        if (count <= 0) {
            in.skipBytes(cursor);
            reset();
            return false;
        }
        argsExpected = (int) count;
        int capacity = Math.min(argsExpected, INITIAL_ARGS_CAPACITY);
        offsets = new int[capacity];
        lengths = new int[capacity];
        scanned = cursor;
        state = State.BULK_LENGTH;
        return true;
    }

    /** {@code $<len>\r\n}: the line must start with '$'; len in [0, maxBulkBytes]. */
    private boolean readBulkLength(ByteBuf in, List<Object> out) {
        long length = plainBulkLength(in);
        int cr = scanned;
        if (length < 0) {
            cr = findLineEnd(in, FIND_CR_OR_NUL);
            if (cr < 0) {
                return tooBigUnlessWaiting(in, out, ProtocolError.TOO_BIG_BULK_COUNT_STRING);
            }
            if (cr + 1 >= in.readableBytes()) {
                return false;
            }
            int base = in.readerIndex();
            byte first = in.getByte(base + cursor);
            if (first != '$') {
                return fail(in, out, ProtocolError.expectedDollar(first));
            }
            length = Decimal.parse(in, base + cursor + 1, cr - cursor - 1);
        }
        // A frame must fit one ByteBuf: Redis would take five 512 MB arguments, we cannot.
        if (length < 0 || length > maxBulkBytes || cr + 2 + length + 2 > Integer.MAX_VALUE) {
            return fail(in, out, ProtocolError.INVALID_BULK_LENGTH);
        }
        if (length > UNAUTHENTICATED_MAX_BULK_BYTES && !authenticated) {
            return fail(in, out, ProtocolError.UNAUTHENTICATED_BULK_LENGTH);
        }
        cursor = cr + 2;
        bulkLength = (int) length;
        state = State.BULK_BODY;
        return true;
    }

    /**
     * The common case in one pass, where the general path searches the line and then parses it:
     * the whole line is here and is '$', 1 to 18 digits without a leading zero (or "0"), CR and
     * one more byte. Returns the length and leaves {@link #scanned} on the CR; returns -1 for
     * anything else, which the general path answers with Redis's errors.
     */
    private long plainBulkLength(ByteBuf in) {
        if (scanned != cursor) {
            return -1; // part of this line was searched by an earlier call
        }
        int base = in.readerIndex();
        int start = base + cursor;
        int end = base + Math.min(in.readableBytes(), cursor + Math.min(20, maxInlineBytes + 1));
        if (start + 3 >= end || in.getByte(start) != '$') {
            return -1;
        }
        long length = 0;
        int p = start + 1;
        for (; p < end; p++) {
            byte b = in.getByte(p);
            if (b < '0' || b > '9') {
                break;
            }
            length = length * 10 + (b - '0');
        }
        int digits = p - start - 1;
        if (p + 1 >= end || in.getByte(p) != '\r' || digits == 0
                || (digits > 1 && in.getByte(start + 1) == '0')) {
            return -1;
        }
        scanned = p - base;
        return length;
    }

    /** {@code <len bytes>} then two bytes Redis skips without checking that they are CRLF. */
    private boolean readBulkBody(ByteBuf in, List<Object> out) {
        int end = cursor + bulkLength + 2;
        int missing = end - in.readableBytes();
        if (missing > 0) {
            Cumulation.reserve(in, missing);
            return false;
        }
        if (argc == offsets.length) {
            int capacity = (int) Math.min(argsExpected, 2L * argc);
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        offsets[argc] = cursor;
        lengths[argc] = bulkLength;
        argc++;
        cursor = end;
        if (argc < argsExpected) {
            scanned = cursor;
            state = State.BULK_LENGTH;
            return true;
        }
        RespRequest request = new RespRequest(in.retainedSlice(in.readerIndex(), cursor), argc, offsets, lengths);
        in.skipBytes(cursor);
        reset();
        out.add(request);
        return false;
    }

    /** An inline line, {@code ...\n} or {@code ...\r\n}, rewritten as a multibulk frame. */
    private boolean readInline(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int lf = findLineEnd(in, FIND_LF_OR_NUL);
        if (lf < 0) {
            return tooBigUnlessWaiting(in, out, ProtocolError.TOO_BIG_INLINE_REQUEST);
        }
        int base = in.readerIndex();
        int end = lf > 0 && in.getByte(base + lf - 1) == '\r' ? lf - 1 : lf;
        int count = inline.countArgs(in, base, base + end);
        if (count < 0) {
            return fail(in, out, ProtocolError.UNBALANCED_QUOTES);
        }
        if (count > maxArgs) {
            return fail(in, out, ProtocolError.INVALID_MULTIBULK_LENGTH);
        }
        RespRequest request = count == 0 ? null : inline.toRequest(ctx.alloc(), in, base, base + end, count);
        in.skipBytes(lf + 1);
        reset();
        if (request != null) {
            out.add(request);
        }
        return false;
    }

    /**
     * Relative index of the current line's terminator, or -1 when it has not arrived. Searches
     * only bytes not searched before, and at most {@code maxInlineBytes + 1} bytes of the line. A
     * NUL stops the search for good, as it stops Redis's strchr.
     */
    private int findLineEnd(ByteBuf in, ByteProcessor terminator) {
        int base = in.readerIndex();
        int limit = (int) Math.min(in.readableBytes(), (long) cursor + maxInlineBytes + 1);
        if (scanned >= limit) {
            return -1;
        }
        int found = in.forEachByte(base + scanned, limit - scanned, terminator);
        if (found < 0) {
            scanned = limit;
            return -1;
        }
        scanned = found - base;
        return in.getByte(found) == 0 ? -1 : scanned;
    }

    /** No line end yet: an error once more than maxInlineBytes are pending, else wait. */
    private boolean tooBigUnlessWaiting(ByteBuf in, List<Object> out, ProtocolError tooBig) {
        if (in.readableBytes() - cursor > maxInlineBytes) {
            return fail(in, out, tooBig);
        }
        return false;
    }

    private boolean fail(ByteBuf in, List<Object> out, ProtocolError error) {
        out.add(error);
        in.skipBytes(in.readableBytes());
        reset();
        state = State.DISCARDING;
        return false;
    }

    private void reset() {
        state = State.START;
        cursor = 0;
        scanned = 0;
        argsExpected = 0;
        argc = 0;
        offsets = null;
        lengths = null;
        bulkLength = 0;
    }
}
