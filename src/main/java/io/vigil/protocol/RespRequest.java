package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

import java.nio.charset.StandardCharsets;

/**
 * One client request, framed but not copied.
 *
 * <p>{@link #frame()} is the whole request as RESP multibulk bytes ({@code *<n>\r\n} then
 * {@code n × $<len>\r\n<bytes>\r\n}): a retained slice of the decoder's input for multibulk
 * requests, or a buffer the decoder built for an inline request. The arguments are addressed by
 * offset and length inside that frame, so reading a command name or a key copies nothing.
 *
 * <p>Ownership: whoever holds the request holds one reference to {@link #frame()}. Forwarding
 * hands the frame to a backend channel (which releases it after writing) and drops the request;
 * answering locally calls {@link #release()}.
 */
public final class RespRequest extends AbstractReferenceCounted {

    private final ByteBuf frame;
    private final int argc;
    /** offsets[i] is where argument i's bytes start, relative to frame.readerIndex(). */
    private final int[] offsets;
    private final int[] lengths;

    public RespRequest(ByteBuf frame, int argc, int[] offsets, int[] lengths) {
        this.frame = frame;
        this.argc = argc;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /** The request's RESP bytes, ready to forward. Still owned by this request. */
    public ByteBuf frame() {
        return frame;
    }

    public int argCount() {
        return argc;
    }

    public int argLength(int i) {
        return lengths[i];
    }

    /** Absolute index of argument {@code i}'s first byte in {@link #frame()}. */
    public int argIndex(int i) {
        return frame.readerIndex() + offsets[i];
    }

    public byte argByte(int i, int pos) {
        return frame.getByte(argIndex(i) + pos);
    }

    /** A view of argument {@code i}, not retained: valid while this request is. */
    public ByteBuf arg(int i) {
        return frame.slice(argIndex(i), lengths[i]);
    }

    /** Whether argument {@code i} equals {@code lowerAscii}, ignoring ASCII case. */
    public boolean argIs(int i, String lowerAscii) {
        if (i >= argc || lengths[i] != lowerAscii.length()) {
            return false;
        }
        int len = lengths[i];
        int base = argIndex(i);
        for (int p = 0; p < len; p++) {
            byte b = frame.getByte(base + p);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerAscii.charAt(p)) {
                return false;
            }
        }
        return true;
    }

    /** Argument {@code i} decoded as UTF-8. Allocates: not for the hot path. */
    public String argString(int i) {
        return frame.toString(argIndex(i), lengths[i], StandardCharsets.UTF_8);
    }

    /** Argument {@code i} as a copy of its bytes. Allocates: not for the hot path. */
    public byte[] argBytes(int i) {
        byte[] out = new byte[lengths[i]];
        frame.getBytes(argIndex(i), out);
        return out;
    }

    /**
     * Argument {@code i} as a signed decimal integer, or {@link Long#MIN_VALUE} when it is not one
     * (Redis's own rule: optional '-', digits only, no '+', no spaces, fits in 64 bits).
     */
    public long argLong(int i) {
        int len = lengths[i];
        if (len == 0 || len > 20) {
            return Long.MIN_VALUE;
        }
        int base = argIndex(i);
        int p = 0;
        boolean negative = frame.getByte(base) == '-';
        if (negative) {
            p++;
            if (len == 1) {
                return Long.MIN_VALUE;
            }
        }
        long value = 0;
        for (; p < len; p++) {
            int d = frame.getByte(base + p) - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    @Override
    protected void deallocate() {
        frame.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        frame.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RespRequest[");
        for (int i = 0; i < argc && i < 8; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(lengths[i] <= 64 ? argString(i) : "<" + lengths[i] + " bytes>");
        }
        return sb.append(argc > 8 ? " …]" : "]").toString();
    }
}
