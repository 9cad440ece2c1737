package io.vigil.metrics;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.vigil.command.CommandSpec;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency histograms of one pool, per command class and per command. Cardinality is bounded:
 * commands come from the command table (unknown ones share the label {@code unknown}), classes
 * are {@link CommandClass}. Each data point is looked up once and kept, so an observation is a
 * map read and two histogram updates, without allocation.
 */
final class CommandLatency {

    /** Bucket upper bounds in seconds: 50 µs to 10 s. */
    static final double[] BUCKETS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final Object UNKNOWN_KEY = new Object();

    private final Histogram byClass;
    private final Histogram byCommand;
    private final String pool;
    /** Per class, looked up at its first observation. */
    private final DistributionDataPoint[] classes = new DistributionDataPoint[CommandClass.values().length];
    private final ConcurrentHashMap<Object, DistributionDataPoint> commands = new ConcurrentHashMap<>();

    CommandLatency(String pool, Histogram byClass, Histogram byCommand) {
        this.pool = pool;
        this.byClass = byClass;
        this.byCommand = byCommand;
    }

    void observe(PoolMeters meters, CommandSpec spec, long nanos) {
        double seconds = nanos / 1e9;
        CommandClass c = CommandClass.of(spec);
        DistributionDataPoint cls = classes[c.ordinal()];
        if (cls == null) { // a benign race: labelValues returns the same data point to every loop
            cls = byClass.labelValues(pool, c.label);
            classes[c.ordinal()] = cls;
        }
        cls.observe(seconds);
        Object key = spec == null ? UNKNOWN_KEY : spec;
        DistributionDataPoint point = commands.get(key);
        if (point == null) {
            point = commands.computeIfAbsent(key, k -> byCommand.labelValues(pool, spec == null ? "unknown" : spec.name()));
        }
        point.observe(seconds);
    }
}
