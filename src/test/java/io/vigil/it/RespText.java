package io.vigil.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads one RESP2 reply and sums it up in one line: a simple reply as itself, a bulk string or array by its size. */
final class RespText {

    private RespText() {
    }

    /** The reply, or null when the connection was closed before a whole reply arrived. */
    static String read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        switch (line.charAt(0)) {
            case '+', '-', ':' -> {
                return line;
            }
            case '$' -> {
                int len = Integer.parseInt(line.substring(1));
                if (len >= 0 && in.readNBytes(len + 2).length < len + 2) {
                    return null;
                }
                return "$" + len;
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    if (read(in) == null) {
                        return null;
                    }
                }
                return "*" + n;
            }
            default -> {
                return "unexpected: " + line;
            }
        }
    }

    /** A line without its CRLF, or null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = buf.toByteArray();
                    return new String(bytes, 0, Math.max(0, bytes.length - 1), StandardCharsets.UTF_8);
                }
                buf.write(b);
            }
        } catch (java.net.SocketException reset) {
            return null; // a reset is a close too
        }
        return null;
    }
}
