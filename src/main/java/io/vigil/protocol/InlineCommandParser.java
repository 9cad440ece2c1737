package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Splits an inline request line into arguments the way Redis 7.0's {@code sdssplitargs} does, and
 * rewrites it as a multibulk frame, so everything after the decoder sees one request format.
 *
 * <p>The rules, for a line without its final {@code \n} or {@code \r\n}:
 * <ul>
 *   <li>Arguments are separated by blanks (C's isspace: space, \t, \n, \v, \f, \r). Unquoted text
 *       ends at a space, \t, \n or \r only, so a \v or \f inside a word belongs to it.</li>
 *   <li>{@code "..."} understands {@code \xHH}, {@code \n \r \t \b \a}, and a backslash before
 *       any other byte stands for that byte.</li>
 *   <li>{@code '...'} understands only {@code \'}.</li>
 *   <li>A quote may open in the middle of a word ({@code a"b c"} is {@code ab c}), but a closing
 *       quote must be followed by a blank or the end of the line; otherwise, or when a quote is
 *       never closed, the request is an error ("unbalanced quotes").</li>
 * </ul>
 * One instance per decoder; it keeps only the length of the last token it scanned.
 */
final class InlineCommandParser {

    /** Decoded length of the token the last {@link #scanToken} call read. */
    private int tokenLength;

    /** Number of arguments in the line {@code [start, end)}, or -1 when its quotes are unbalanced. */
    int countArgs(ByteBuf line, int start, int end) {
        int argc = 0;
        for (int p = skipBlanks(line, start, end); p < end; p = skipBlanks(line, p, end)) {
            p = scanToken(line, p, end, null);
            if (p < 0) {
                return -1;
            }
            argc++;
        }
        return argc;
    }

    /**
     * The line {@code [start, end)}, already known to hold {@code argc > 0} arguments, as a
     * request whose frame is {@code *<argc>\r\n} then {@code $<len>\r\n<bytes>\r\n} per argument,
     * in a new buffer from {@code alloc}.
     */
    RespRequest toRequest(ByteBufAllocator alloc, ByteBuf line, int start, int end, int argc) {
        int[] offsets = new int[argc];
        int[] lengths = new int[argc];
        // Decoded arguments are never longer than the line; each adds at most "$<10 digits>\r\n\r\n".
        ByteBuf frame = alloc.buffer(end - start + 16 + argc * 16);
        frame.writeByte('*');
        Decimal.write(frame, argc);
        crlf(frame);
        int p = start;
        for (int i = 0; i < argc; i++) {
            p = skipBlanks(line, p, end);
            scanToken(line, p, end, null);
            frame.writeByte('$');
            Decimal.write(frame, tokenLength);
            crlf(frame);
            offsets[i] = frame.writerIndex() - frame.readerIndex();
            lengths[i] = tokenLength;
            p = scanToken(line, p, end, frame);
            crlf(frame);
        }
        return new RespRequest(frame, argc, offsets, lengths);
    }

    /**
     * Reads one argument starting at {@code p}, which is not a blank, copying its decoded bytes
     * to {@code dst} when that is not null. Returns where scanning stopped (past the token and
     * the byte that ended it), or -1 for unbalanced quotes.
     */
    private int scanToken(ByteBuf line, int p, int end, ByteBuf dst) {
        int length = 0;
        byte quote = 0;
        while (true) {
            if (p == end) {
                if (quote != 0) {
                    return -1;
                }
                break;
            }
            byte b = line.getByte(p);
            if (quote == '"') {
                if (b == '\\' && p + 3 < end && line.getByte(p + 1) == 'x'
                        && isHex(line.getByte(p + 2)) && isHex(line.getByte(p + 3))) {
                    b = (byte) (hex(line.getByte(p + 2)) << 4 | hex(line.getByte(p + 3)));
                    p += 3;
                } else if (b == '\\' && p + 1 < end) {
                    b = unescape(line.getByte(++p));
                } else if (b == '"') {
                    return closeQuote(line, p, end, length);
                }
            } else if (quote == '\'') {
                if (b == '\\' && p + 1 < end && line.getByte(p + 1) == '\'') {
                    b = '\'';
                    p++;
                } else if (b == '\'') {
                    return closeQuote(line, p, end, length);
                }
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                p++;
                break;
            } else if (b == '"' || b == '\'') {
                quote = b;
                p++;
                continue;
            }
            if (dst != null) {
                dst.writeByte(b);
            }
            length++;
            p++;
        }
        tokenLength = length;
        return p;
    }

    /** A closing quote at {@code p} ends the token only when a blank or the line's end follows. */
    private int closeQuote(ByteBuf line, int p, int end, int length) {
        if (p + 1 < end && !isBlank(line.getByte(p + 1))) {
            return -1;
        }
        tokenLength = length;
        return p + 1;
    }

    private static int skipBlanks(ByteBuf line, int p, int end) {
        while (p < end && isBlank(line.getByte(p))) {
            p++;
        }
        return p;
    }

    /** C's isspace in the "C" locale. */
    private static boolean isBlank(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static byte unescape(byte b) {
        return switch (b) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> b;
        };
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }

    private static void crlf(ByteBuf out) {
        out.writeByte('\r');
        out.writeByte('\n');
    }
}
