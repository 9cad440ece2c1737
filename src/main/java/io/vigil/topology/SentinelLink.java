package io.vigil.topology;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.config.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vigil's link to one sentinel: a command connection for questions and a subscribed connection for
 * its events ({@link SentinelEvent#CHANNELS}), kept alive together. Both are PINGed every
 * {@link #DEFAULT_HEARTBEAT_INTERVAL} (PING is allowed in subscribed mode, answered
 * {@code ["pong", ""]}); a PING unanswered within {@link #PONG_TIMEOUT_FACTOR} × the sentinel
 * timeout, or either connection closing, takes the link down, and it reconnects after a backoff
 * that starts at {@link #MIN_BACKOFF} and doubles up to {@link #MAX_BACKOFF}. On the watcher's
 * event loop only.
 */
final class SentinelLink {

    static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    static final int PONG_TIMEOUT_FACTOR = 3;
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** What the watcher hears from a link. */
    interface Listener {
        void linkUp(SentinelLink link);

        void linkDown(SentinelLink link, String why);

        void event(SentinelLink link, SentinelEvent event);
    }

    enum State {
        /** The first connect is under way: not yet known to be reachable or not. */
        NEW,
        UP,
        /** Unreachable; reconnect attempts go on in the background. */
        DOWN,
        CLOSED
    }

    private final Endpoint endpoint;
    /** Named in config: kept however long it stays down. A learned one is dropped after a while. */
    private final boolean configured;
    private final EventLoop loop;
    private final Duration timeout;
    private final Credentials credentials;
    private final Listener listener;

    private State state = State.NEW;
    /** Numbers each connect; callbacks of an older one find it changed and do nothing. */
    private int attempt;
    /** Open while UP; the links own and close them. */
    private ControlConnection commands;
    private ControlConnection events;
    /** From {@code SENTINEL MYID}; null before the first connect or on a sentinel without it. */
    private String runId;
    private long downSinceNanos;
    private long backoffNanos = MIN_BACKOFF.toNanos();
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> reconnect;

    SentinelLink(Endpoint endpoint, boolean configured, EventLoop loop, Duration timeout, Credentials credentials,
                 Listener listener) {
        this.endpoint = endpoint;
        this.configured = configured;
        this.loop = loop;
        this.timeout = timeout;
        this.credentials = credentials;
        this.listener = listener;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    boolean configured() {
        return configured;
    }

    State state() {
        return state;
    }

    String runId() {
        return runId;
    }

    /** The command connection while the link is up; null otherwise. */
    ControlConnection commands() {
        return state == State.UP ? commands : null;
    }

    /** How long the link has been down; 0 unless it is DOWN. */
    long downForNanos(long now) {
        return state == State.DOWN ? now - downSinceNanos : 0;
    }

    void start() {
        connect();
    }

    void close() {
        state = State.CLOSED;
        attempt++;
        cancelTimers();
        closeConnections("watcher closed");
    }

    private void connect() {
        int current = ++attempt;
        CompletableFuture<ControlConnection> c = ControlConnection.open(loop, endpoint, timeout, credentials, null);
        CompletableFuture<ControlConnection> e = ControlConnection.open(loop, endpoint, timeout, credentials, this::onMessage);
        CompletableFuture.allOf(c, e).whenComplete((ignored, failure) -> {
            if (current != attempt || failure != null) {
                c.thenAccept(conn -> conn.close("link abandoned"));
                e.thenAccept(conn -> conn.close("link abandoned"));
                if (current == attempt) {
                    fail(ControlConnection.reason(failure));
                }
                return;
            }
            commands = c.join();
            events = e.join();
            commands.closeFuture().thenAccept(why -> lost(current, "command connection: " + why));
            events.closeFuture().thenAccept(why -> lost(current, "event connection: " + why));
            handshake(current);
        });
    }

    /** Subscribes, learns the sentinel's id, and checks both connections answer before calling the link up. */
    private void handshake(int current) {
        List<String> subscribe = new ArrayList<>();
        subscribe.add("SUBSCRIBE");
        subscribe.addAll(SentinelEvent.CHANNELS);
        events.send(subscribe.toArray(String[]::new));
        CompletableFuture<Object> myId = commands.call(timeout, "SENTINEL", "MYID");
        CompletableFuture<Object> pong = events.call(timeout, "PING");
        CompletableFuture.allOf(myId, pong).whenComplete((ignored, failure) -> {
            if (current != attempt) {
                return;
            }
            if (failure != null || pong.join() instanceof RespError) {
                fail(failure != null ? ControlConnection.reason(failure) : "PING answered " + pong.join());
                return;
            }
            runId = myId.join() instanceof String id ? id : runId;
            state = State.UP;
            backoffNanos = MIN_BACKOFF.toNanos();
            long interval = DEFAULT_HEARTBEAT_INTERVAL.toNanos();
            heartbeat = loop.scheduleAtFixedRate(this::ping, interval, interval, TimeUnit.NANOSECONDS);
            listener.linkUp(this);
        });
    }

    private void ping() {
        int current = attempt;
        Duration pongTimeout = timeout.multipliedBy(PONG_TIMEOUT_FACTOR);
        CompletableFuture<Object> commandPong = commands.call(pongTimeout, "PING");
        CompletableFuture<Object> eventPong = events.call(pongTimeout, "PING");
        CompletableFuture.allOf(commandPong, eventPong).whenComplete((ignored, failure) -> {
            if (failure != null) {
                lost(current, "heartbeat: " + ControlConnection.reason(failure));
            } else if (commandPong.join() instanceof RespError || eventPong.join() instanceof RespError) {
                lost(current, "heartbeat: PING answered " + commandPong.join() + " / " + eventPong.join());
            }
        });
    }

    private void lost(int current, String why) {
        if (current == attempt && state != State.CLOSED) {
            fail(why);
        }
    }

    private void fail(String why) {
        if (state == State.CLOSED) {
            return;
        }
        attempt++;
        cancelTimers();
        closeConnections(why);
        State was = state;
        state = State.DOWN;
        if (was != State.DOWN) {
            downSinceNanos = System.nanoTime();
            listener.linkDown(this, why);
        }
        reconnect = loop.schedule(this::connect, backoffNanos, TimeUnit.NANOSECONDS);
        backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
    }

    private void onMessage(List<Object> message) {
        // ["message", <channel>, <payload>]; subscribe confirmations need nothing
        if (message.size() == 3 && "message".equals(message.get(0))
                && message.get(1) instanceof String channel && message.get(2) instanceof String payload) {
            listener.event(this, SentinelEvent.parse(channel, payload));
        }
    }

    private void cancelTimers() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
        if (reconnect != null) {
            reconnect.cancel(false);
            reconnect = null;
        }
    }

    private void closeConnections(String why) {
        if (commands != null) {
            commands.close(why);
            commands = null;
        }
        if (events != null) {
            events.close(why);
            events = null;
        }
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
