package io.vigil.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

/**
 * One connection through a {@link FaultProxy}: a thread per direction copies bytes until either
 * side closes. The first bytes from the client decide the link's label; while the link is
 * black-holed, bytes are read and dropped in both directions.
 */
final class ProxyLink {

    private static final int BUFFER = 16 * 1024;

    private final FaultProxy proxy;
    private final Socket downstream;
    private final Socket upstream;
    private volatile String label;
    private volatile boolean blackHoled;
    private volatile boolean closed;

    ProxyLink(FaultProxy proxy, Socket downstream, Socket upstream) {
        this.proxy = proxy;
        this.downstream = downstream;
        this.upstream = upstream;
    }

    void start() {
        int port = downstream.getPort();
        Thread up = new Thread(() -> pump(downstream, upstream, true), "proxy-up-" + port);
        Thread down = new Thread(() -> pump(upstream, downstream, false), "proxy-down-" + port);
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    /** Null until the client sent its first bytes. */
    String label() {
        return label;
    }

    boolean isBlackHoled() {
        return blackHoled;
    }

    void blackHole() {
        blackHoled = true;
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (fromClient && label == null) {
                    label = proxy.label(Arrays.copyOf(buf, n));
                    if (proxy.isCut(label)) {
                        blackHoled = true;
                    }
                }
                if (!blackHoled) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side went away: the link is over
        } finally {
            close();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(downstream);
        closeQuietly(upstream);
        proxy.forget(this);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
