package io.vigil.it;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vigil.admin.AdminHooks;
import io.vigil.admin.AdminServer;
import io.vigil.server.VigilServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Vigil's admin listener on a free loopback port, for tests; plus a plain HTTP GET. */
final class AdminFixture implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AdminServer admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final InetSocketAddress address;

    AdminFixture(VigilServer server) throws InterruptedException {
        admin = new AdminServer(server.meters(), server.view(), AdminHooks.NONE);
        address = admin.start(group, "127.0.0.1", 0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + address.getPort() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        admin.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One raw RESP connection: writes a command as an array of bulks, reads one reply as text. */
    static final class Resp implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        Resp(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** The reply: {@code +OK} as "OK", errors with their "-", bulks as text, nil as null. */
        String call(String... args) throws IOException {
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = line();
            return switch (line.charAt(0)) {
                case '+', ':' -> line.substring(1);
                case '-' -> line;
                case '$' -> {
                    int len = Integer.parseInt(line.substring(1));
                    if (len < 0) {
                        yield null;
                    }
                    byte[] data = in.readNBytes(len + 2);
                    yield new String(data, 0, len, StandardCharsets.UTF_8);
                }
                default -> throw new IOException("unexpected reply " + line);
            };
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
