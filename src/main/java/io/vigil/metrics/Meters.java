package io.vigil.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every meter of one running Vigil: its pools' {@link PoolMeters}, nutcracker's connection
 * counts, the recent {@link EventLog} and the Prometheus registry they are exported from.
 *
 * <p>{@link #on} decides whether the data path measures anything per request: it is on when a
 * stats port or the admin listener will read the meters. Off, nothing is added to the backend
 * pipelines and no request is timed; rare events (ejections, switches) are still counted.
 */
public final class Meters {

    public final boolean on;
    final long startMillis = System.currentTimeMillis();
    final EventLog events = new EventLog();
    final PrometheusRegistry registry = new PrometheusRegistry();
    /** nutcracker's total_connections and curr_connections: listeners, clients and backends. */
    final LongAdder totalConnections = new LongAdder();
    final LongAdder currConnections = new LongAdder();
    private final List<PoolMeters> pools = new CopyOnWriteArrayList<>();
    private final Histogram byClass;
    private final Histogram byCommand;

    public Meters(boolean on) {
        this.on = on;
        byClass = Histogram.builder().name(MeterNames.COMMAND_CLASS_DURATION)
                .help("Time from forwarding a request to its reply, by command class")
                .labelNames("pool", "class").classicOnly().classicUpperBounds(CommandLatency.BUCKETS)
                .register(registry);
        byCommand = Histogram.builder().name(MeterNames.COMMAND_DURATION)
                .help("Time from forwarding a request to its reply, by command (commands of the table)")
                .labelNames("pool", "command").classicOnly().classicUpperBounds(CommandLatency.BUCKETS)
                .register(registry);
        PrometheusMeters.register(this);
    }

    /** Meters that measure nothing per request (no stats port, no admin listener). */
    public static Meters off() {
        return new Meters(false);
    }

    /** Creates and publishes the meters of a pool whose shards have these names, in config order. */
    public PoolMeters pool(String name, List<String> shards) {
        PoolMeters p = newPool(name, shards);
        publish(p);
        return p;
    }

    /**
     * Creates the meters of a pool without publishing them: a reload builds pools it may still
     * refuse, and a refused one must not show.
     */
    public PoolMeters newPool(String name, List<String> shards) {
        return new PoolMeters(this, name, shards, new CommandLatency(name, byClass, byCommand));
    }

    /**
     * Exports {@code p} from now on. A pool of the same name (the one a reload replaced) stops being
     * exported and {@code p} takes its place, so a name is never exported twice: its counters
     * start again from 0, as after a restart.
     */
    public synchronized void publish(PoolMeters p) {
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).name.equals(p.name)) {
                pools.set(i, p);
                return;
            }
        }
        pools.add(p);
    }

    /** Stops exporting {@code p} (its pool closed); nothing if a newer pool of its name took its place. */
    public synchronized void withdraw(PoolMeters p) {
        pools.removeIf(q -> q == p);
    }

    public List<PoolMeters> pools() {
        return new ArrayList<>(pools);
    }

    public EventLog events() {
        return events;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    Histogram byClass() {
        return byClass;
    }

    /** A socket Vigil listens on or connected through was opened (listener, client, backend). */
    public void connectionOpened() {
        totalConnections.increment();
        currConnections.increment();
    }

    public void connectionClosed() {
        currConnections.decrement();
    }
}
