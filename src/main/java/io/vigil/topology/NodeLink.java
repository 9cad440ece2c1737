package io.vigil.topology;

import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.vigil.config.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The health checker's connection to one node: opened on first use and kept open, so a check is
 * a round trip, not a connect. A check that fails closes it, because a node that stopped
 * answering (SIGSTOP, a full disk) would otherwise pile calls up behind the unanswered ones; it
 * is opened again once a backoff has passed that starts at {@link #MIN_BACKOFF} and doubles up
 * to {@link #MAX_BACKOFF}. Until then a check fails at once with the last failure. One check at
 * a time: while one is unanswered the link is {@link #busy()}. On the checker's event loop only.
 */
final class NodeLink {

    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final Endpoint endpoint;
    private final EventLoop loop;
    private final Duration connectTimeout;
    private final Credentials credentials;

    /** Open and authenticated, or null. This link closes it. */
    private ControlConnection connection;
    private boolean busy;
    /** No connect before this {@link System#nanoTime()}. */
    private long retryAtNanos;
    private long backoffNanos = MIN_BACKOFF.toNanos();
    private String lastFailure;
    /** What the host resolved to at the latest connect; for matching a replica's idea of its master. */
    private List<InetAddress> addresses = List.of();
    private boolean closed;

    NodeLink(Endpoint endpoint, EventLoop loop, Duration connectTimeout, Credentials credentials) {
        this.endpoint = endpoint;
        this.loop = loop;
        this.connectTimeout = connectTimeout;
        this.credentials = credentials;
    }

    boolean busy() {
        return busy;
    }

    List<InetAddress> addresses() {
        return addresses;
    }

    /**
     * Sends {@code commands} pipelined, each given {@code timeout}; completes with their replies
     * in order (an error reply is a {@link RespError} value), or fails with a short reason:
     * {@code no answer within 500 ms}, {@code cannot connect: …}.
     */
    CompletableFuture<List<Object>> ask(Duration timeout, String[]... commands) {
        busy = true;
        return connection().thenCompose(c -> {
            List<CompletableFuture<Object>> calls = new ArrayList<>(commands.length);
            for (String[] command : commands) {
                calls.add(c.call(timeout, command));
            }
            return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .thenApply(ignored -> calls.stream().map(CompletableFuture::join).toList());
        }).handle((replies, e) -> {
            busy = false;
            if (e == null) {
                backoffNanos = MIN_BACKOFF.toNanos();
                return replies;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String why = describe(cause, timeout);
            if (!(cause instanceof BackingOff)) {
                failed(why);
            }
            throw new CompletionException(new IOException(why));
        });
    }

    void close() {
        closed = true;
        drop("health checker closed");
    }

    private CompletableFuture<ControlConnection> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("health checker closed"));
        }
        if (connection != null) {
            return CompletableFuture.completedFuture(connection);
        }
        long wait = retryAtNanos - System.nanoTime();
        if (lastFailure != null && wait > 0) {
            return CompletableFuture.failedFuture(new BackingOff(
                    lastFailure + "; next connect in " + Math.max(1, wait / 1_000_000) + " ms"));
        }
        addresses = resolve(endpoint.host());
        return ControlConnection.open(loop, endpoint, connectTimeout, credentials, null).thenApply(c -> {
            if (closed) {
                c.close("health checker closed");
                throw new CompletionException(new IOException("health checker closed"));
            }
            connection = c;
            c.closeFuture().thenAccept(why -> {
                if (connection == c) {
                    connection = null;
                }
            });
            return c;
        });
    }

    private void failed(String why) {
        drop(why);
        lastFailure = why;
        retryAtNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
    }

    private void drop(String why) {
        if (connection != null) {
            connection.close(why);
            connection = null;
        }
    }

    /** The failure in words, without the endpoint that ControlConnection puts first. */
    private String describe(Throwable cause, Duration timeout) {
        if (cause instanceof TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        String why = ControlConnection.reason(cause);
        String prefix = endpoint + ": ";
        return why.startsWith(prefix) ? why.substring(prefix.length()) : why;
    }

    /**
     * The host's addresses: an IP literal as it is, a name by the JDK's resolver, which caches
     * answers and is what Netty's default resolver uses when the connection opens just after.
     */
    private static List<InetAddress> resolve(String host) {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return List.of(literal);
        }
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    /** A check refused at once because the link waits out its backoff; the backoff stays as it is. */
    private static final class BackingOff extends IOException {

        BackingOff(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a routine answer every interval while a node is down, not a bug to trace
        }
    }
}
