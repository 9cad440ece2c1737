package io.vigil.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.vigil.config.Limits;
import io.vigil.config.OutputLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Redis's {@code client-output-buffer-limit} for one client: the reply bytes Vigil holds because
 * the client does not read them (the channel's outbound buffer after a flush) are checked against
 * the limit of the client's class, {@code normal} or {@code pubsub} (subscribed or MONITOR). At
 * the hard limit the client is closed at once; over the soft limit for its whole time, then. As in
 * Redis, the client gets no error (its socket is full anyway) and the close is logged.
 *
 * <p>Confined to the client's event loop; checked after every flush and by a timer while the
 * client is over its soft limit.
 */
final class OutputGuard {

    private static final Logger log = LoggerFactory.getLogger(OutputGuard.class);

    private final ClientSession session;
    private final OutputLimit normal;
    private final OutputLimit pubsub;
    /** System.nanoTime() when the client went over its soft limit; 0 while it is under. */
    private long softSince;
    private boolean timerSet;

    OutputGuard(ClientSession session, Limits limits) {
        this.session = session;
        this.normal = limits.clientOutputNormal();
        this.pubsub = limits.clientOutputPubsub();
    }

    /** Bytes written to the client's channel that its socket has not taken yet. */
    static long heldBytes(Channel channel) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** Closes the client when it is over a limit; called after each flush. */
    void check() {
        Channel channel = session.channel;
        long held = heldBytes(channel);
        if (held == 0 && softSince == 0) {
            return;
        }
        boolean subscriber = session.passthrough.active();
        OutputLimit limit = subscriber ? pubsub : normal;
        if (limit.hardBytes() > 0 && held >= limit.hardBytes()) {
            close(held, subscriber, "hard", limit.hardBytes());
            return;
        }
        if (limit.softBytes() == 0 || held < limit.softBytes()) {
            softSince = 0;
            return;
        }
        long now = System.nanoTime();
        if (softSince == 0) {
            softSince = now;
        } else if (now - softSince >= limit.softTime().toNanos()) {
            close(held, subscriber, "soft", limit.softBytes());
            return;
        }
        if (!timerSet) {
            // nothing may be written to a client that is held: look again when its time is up
            timerSet = true;
            long delay = Math.max(1, limit.softTime().toNanos() - (now - softSince));
            channel.eventLoop().schedule(() -> {
                timerSet = false;
                if (channel.isActive()) {
                    check();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void close(long held, boolean subscriber, String which, long bytes) {
        Channel channel = session.channel;
        if (!channel.isActive()) {
            return;
        }
        log.warn("pool {}: client id={} addr={} closed for overcoming its output buffer limit: {} bytes held, "
                        + "{} limit of class {} is {} bytes (client-output-buffer-limit)",
                session.pool.config().name(), session.id, channel.remoteAddress(), held, which,
                subscriber ? "pubsub" : "normal", bytes);
        session.closing = true;
        channel.close();
    }
}
