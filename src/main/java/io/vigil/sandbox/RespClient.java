package io.vigil.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client for tests and the demo: one socket, one command, one reply
 * rendered as text. It is deliberately simple and slow; the proxy never uses it.
 *
 * <p>Rendering: a simple or bulk string is its text, an integer its digits, an error keeps its
 * leading {@code -} ({@code "-ERR unknown command"}), an array is its elements one per line with
 * nested arrays flattened in place. A nil reply is {@code null} at the top and an empty line inside
 * an array.
 */
final class RespClient {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private RespClient() {
    }

    /**
     * Sends {@code args} as one command, first authenticating with {@code password} when it is not
     * null, and returns the rendered reply. An {@code AUTH} error is returned instead of the reply.
     */
    static String call(String host, int port, String password, Duration timeout, String... args)
            throws IOException {
        int millis = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                write(out, "AUTH", password);
                String auth = readReply(in);
                if (auth != null && auth.startsWith("-")) {
                    return auth;
                }
            }
            write(out, args);
            return readReply(in);
        }
    }

    // *<n>\r\n then n × $<len>\r\n<bytes>\r\n
    private static void write(OutputStream out, String... args) throws IOException {
        out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    // +<text>\r\n | -<error>\r\n | :<digits>\r\n | $<len>\r\n<bytes>\r\n | $-1\r\n | *<n>\r\n<n replies> | *-1\r\n
    private static String readReply(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        String line = readLine(in);
        return switch (type) {
            case '+', ':' -> line;
            case '-' -> "-" + line;
            case '$' -> readBulk(in, Integer.parseInt(line));
            case '*' -> readArray(in, Integer.parseInt(line));
            default -> throw new IOException("unexpected RESP type byte: " + (char) type + line);
        };
    }

    private static String readBulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length < length + 2) {
            throw new EOFException("connection closed inside a bulk string");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static String readArray(InputStream in, int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String element = readReply(in);
            lines.add(element == null ? "" : element);
        }
        return String.join("\n", lines);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("reply line not ended by \\r\\n");
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
