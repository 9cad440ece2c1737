package io.vigil.topology;

import io.netty.channel.EventLoop;
import io.vigil.config.Endpoint;
import io.vigil.topology.SentinelAnswer.SentinelAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's links, one per sentinel it knows: those configured, kept for good, and those
 * learned from {@code SENTINEL sentinels}, dropped once unreachable for
 * {@link #DEFAULT_LEARNED_SENTINEL_EXPIRY}. A sentinel is known by its address and by its run id,
 * so one reached under two addresses gets one link and one vote. On the watcher's loop only.
 */
final class SentinelLinks {

    static final Duration DEFAULT_LEARNED_SENTINEL_EXPIRY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(SentinelLinks.class);

    private final String pool;
    private final EventLoop loop;
    private final Duration timeout;
    private final Credentials credentials;
    private final SentinelLink.Listener listener;
    /** Configured links first, then learned ones, in the order they came. */
    private final Map<Endpoint, SentinelLink> links = new LinkedHashMap<>();

    SentinelLinks(String pool, EventLoop loop, Duration timeout, Credentials credentials,
                  SentinelLink.Listener listener) {
        this.pool = pool;
        this.loop = loop;
        this.timeout = timeout;
        this.credentials = credentials;
        this.listener = listener;
    }

    void add(Endpoint sentinel, boolean configured) {
        if (links.containsKey(sentinel)) {
            return;
        }
        SentinelLink link = new SentinelLink(sentinel, configured, loop, timeout, credentials, listener);
        links.put(sentinel, link);
        link.start();
    }

    /** Adds a link to each sentinel {@code from} knows that is not known already. */
    void learn(List<SentinelAddress> sentinels, Endpoint from) {
        for (SentinelAddress sentinel : sentinels) {
            if (!links.containsKey(sentinel.endpoint()) && !knownRunId(sentinel.runId())) {
                log.info("pool {}: learned sentinel {} (id {}) from sentinel {}", pool, sentinel.endpoint(),
                        sentinel.runId(), from);
                add(sentinel.endpoint(), false);
            }
        }
    }

    /** A learned link whose sentinel already has another link under another address; null if none. */
    SentinelLink duplicateOf(SentinelLink link) {
        if (link.configured() || link.runId() == null) {
            return null;
        }
        return links.values().stream().filter(other -> other != link && link.runId().equals(other.runId()))
                .findFirst().orElse(null);
    }

    /** Drops learned links unreachable for too long; returns true if any was dropped. */
    boolean dropExpired(long now) {
        List<SentinelLink> expired = links.values().stream().filter(link -> !link.configured()
                && link.downForNanos(now) > DEFAULT_LEARNED_SENTINEL_EXPIRY.toNanos()).toList();
        for (SentinelLink link : expired) {
            log.info("pool {}: dropping learned sentinel {}, unreachable for over {} s", pool, link,
                    DEFAULT_LEARNED_SENTINEL_EXPIRY.toSeconds());
            drop(link);
        }
        return !expired.isEmpty();
    }

    void drop(SentinelLink link) {
        link.close();
        links.remove(link.endpoint());
    }

    /** The command connection of every link that is up. */
    List<ControlConnection> commandConnections() {
        List<ControlConnection> up = new ArrayList<>();
        for (SentinelLink link : links.values()) {
            if (link.commands() != null) {
                up.add(link.commands());
            }
        }
        return up;
    }

    /** True when every link has been tried and none is up: no sentinel is reachable. */
    boolean allDown() {
        return !links.isEmpty() && links.values().stream().allMatch(link -> link.state() == SentinelLink.State.DOWN);
    }

    /** True once every configured link has connected or failed at least once. */
    boolean configuredTried() {
        return links.values().stream().noneMatch(link -> link.configured() && link.state() == SentinelLink.State.NEW);
    }

    Map<Endpoint, SentinelLink.State> states() {
        Map<Endpoint, SentinelLink.State> states = new LinkedHashMap<>();
        links.forEach((endpoint, link) -> states.put(endpoint, link.state()));
        return states;
    }

    void closeAll() {
        links.values().forEach(SentinelLink::close);
        links.clear();
    }

    private boolean knownRunId(String runId) {
        return runId != null && links.values().stream().anyMatch(link -> runId.equals(link.runId()));
    }
}
