package io.vigil.protocol;

import java.io.ByteArrayOutputStream;

/**
 * C-style escapes for test inputs: {@code \r \n \t \0 \a \b \f \v \\ \" \' \xHH}, plus one
 * extension for long inputs, {@code \{N*C}}: the character C (itself possibly escaped) N times.
 * Other characters stand for their ISO-8859-1 byte.
 */
public final class CEscapes {

    private CEscapes() {
    }

    public static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int[] pos = {0};
        while (pos[0] < text.length()) {
            char c = text.charAt(pos[0]);
            if (c == '\\' && pos[0] + 1 < text.length() && text.charAt(pos[0] + 1) == '{') {
                int star = text.indexOf('*', pos[0]);
                int count = Integer.parseInt(text.substring(pos[0] + 2, star));
                pos[0] = star + 1;
                int b = next(text, pos);
                if (text.charAt(pos[0]) != '}') {
                    throw new IllegalArgumentException("repeat: " + text + " (expected: \\{N*C})");
                }
                pos[0]++;
                for (int i = 0; i < count; i++) {
                    out.write(b);
                }
            } else {
                out.write(next(text, pos));
            }
        }
        return out.toByteArray();
    }

    /** Reads one possibly escaped character at pos[0], advancing it. */
    private static int next(String text, int[] pos) {
        char c = text.charAt(pos[0]++);
        if (c != '\\') {
            if (c > 0xff) {
                throw new IllegalArgumentException("not a byte: " + c);
            }
            return c;
        }
        char e = text.charAt(pos[0]++);
        return switch (e) {
            case 'r' -> '\r';
            case 'n' -> '\n';
            case 't' -> '\t';
            case '0' -> 0;
            case 'a' -> 7;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> 0x0b;
            case '\\', '"', '\'' -> e;
            case 'x' -> {
                int b = Integer.parseInt(text.substring(pos[0], pos[0] + 2), 16);
                pos[0] += 2;
                yield b;
            }
            default -> throw new IllegalArgumentException("escape: \\" + e + " in " + text);
        };
    }

    /** The bytes written back with escapes, for readable assertion messages. */
    public static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte value : bytes) {
            int b = value & 0xff;
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (b < 0x20 || b >= 0x7f) {
                        sb.append(String.format("\\x%02x", b));
                    } else {
                        sb.append((char) b);
                    }
                }
            }
        }
        return sb.toString();
    }
}
