package io.vigil.server;

import io.vigil.config.PoolConfig;
import io.vigil.config.VigilConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reload: the difference between the pools being served and a new, already validated config,
 * applied in an order that can still be undone until the last fallible step.
 *
 * <ol>
 *   <li>Build a runtime for every added, changed or moved pool (building checks what the loader
 *       cannot, such as a ring that cannot be made).</li>
 *   <li>Bind the new listeners. If one fails, close what was bound: nothing has changed.</li>
 *   <li>Changed pools: the listener hands new clients to the new runtime; connected clients move
 *       as each owes nothing ({@link FrontendHandler#followReload}), so a request in flight, a
 *       transaction or a subscription ends where it began, and keys go where the new ring says.</li>
 *   <li>Removed and moved pools: the old listener closes and its clients drain.</li>
 * </ol>
 * A pool whose config is equal is not touched. Runs with the server's lock held.
 */
final class Reload {

    private static final Logger log = LoggerFactory.getLogger(Reload.class);

    private final VigilServer server;
    private final VigilConfig next;
    private final List<String> added = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final List<String> changed = new ArrayList<>();
    private final List<String> moved = new ArrayList<>();
    private final List<String> unchanged = new ArrayList<>();

    Reload(VigilServer server, VigilConfig next) {
        this.server = server;
        this.next = next;
    }

    ReloadOutcome apply() {
        Map<String, PoolServer> current = server.servers;
        for (PoolConfig pool : next.pools()) {
            PoolServer running = current.get(pool.name());
            if (running == null) {
                added.add(pool.name());
            } else if (running.runtime().config().equals(pool)) {
                unchanged.add(pool.name());
            } else if (sameListener(running.runtime().config(), pool)) {
                changed.add(pool.name());
            } else {
                moved.add(pool.name());
            }
        }
        for (String name : current.keySet()) {
            if (next.pool(name).isEmpty()) {
                removed.add(name);
            }
        }
        Map<String, PoolRuntime> built = new LinkedHashMap<>();
        try {
            for (PoolConfig pool : next.pools()) {
                if (!unchanged.contains(pool.name())) {
                    built.put(pool.name(), server.newRuntime(pool));
                }
            }
        } catch (RuntimeException e) {
            return ReloadOutcome.refused(e.getMessage());
        }
        String error = bindNew(built);
        if (error != null) {
            return ReloadOutcome.refused(error);
        }
        for (String name : changed) {
            PoolServer listener = current.get(name);
            log.info("pool {}: reloaded ({} changed); new clients use the new config, connected ones move to it"
                    + " once they owe nothing", name, changedKeys(listener.runtime().config(), next.pool(name).get()));
            listener.replace(server.startRuntime(built.get(name)));
        }
        return new ReloadOutcome(true, null, added, removed, changed, moved, unchanged);
    }

    /**
     * Binds added and moved pools. A listener that takes over the address of one that goes away
     * binds after that one closed, once every other new listener has bound.
     */
    private String bindNew(Map<String, PoolRuntime> built) {
        Map<String, PoolServer> before = new LinkedHashMap<>(server.servers);
        List<String> leaving = concat(removed, moved);
        List<String> fresh = new ArrayList<>();
        List<String> takingOver = new ArrayList<>();
        for (String name : concat(added, moved)) {
            PoolConfig pool = built.get(name).config();
            boolean reuses = pool.listen().port() != 0 && leaving.stream()
                    .anyMatch(l -> before.get(l).runtime().config().listen().equals(pool.listen()));
            (reuses ? takingOver : fresh).add(name);
        }
        List<PoolServer> bound = new ArrayList<>();
        for (String name : fresh) {
            PoolRuntime runtime = server.startRuntime(built.get(name));
            try {
                bound.add(server.listen(runtime));
            } catch (Exception e) { // a bind failure arrives as a checked exception Netty rethrows
                runtime.close();
                bound.forEach(PoolServer::close);
                server.restore(before);
                return "pool '" + name + "': cannot listen on " + runtime.config().listen() + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        for (String name : leaving) {
            PoolServer old = before.get(name);
            old.closeListener();
            if (removed.contains(name)) {
                server.forget(name);
            }
            PoolRuntime runtime = old.runtime();
            runtime.drain(runtime.config().shutdownTimeout());
            log.info("pool {}: old listener closed; its clients drain within {} ms", name,
                    runtime.config().shutdownTimeout().toMillis());
        }
        for (String name : takingOver) {
            PoolRuntime runtime = server.startRuntime(built.get(name));
            try {
                server.listen(runtime);
            } catch (Exception e) { // its address was just freed; only another process can have taken it
                runtime.close();
                server.forget(name);
                log.error("pool {}: cannot listen on {} after the reload: {}", name, runtime.config().listen(),
                        e.toString());
            }
        }
        return null;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The listening socket is kept when its address and socket options stay. */
    private static boolean sameListener(PoolConfig a, PoolConfig b) {
        return a.listen().equals(b.listen()) && a.backlog() == b.backlog() && a.tcpKeepalive() == b.tcpKeepalive()
                && a.reusePort() == b.reusePort() && a.limits().maxClientOutputBytes() == b.limits().maxClientOutputBytes();
    }

    /** The config keys, as record components, whose values differ: for the log. */
    static List<String> changedKeys(PoolConfig a, PoolConfig b) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : PoolConfig.class.getRecordComponents()) {
            try {
                if (!Objects.equals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                    keys.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }
}
