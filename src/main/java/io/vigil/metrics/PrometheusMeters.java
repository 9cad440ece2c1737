package io.vigil.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vigil.metrics.MeterNames.BackendErrorKind;
import io.vigil.metrics.MeterNames.ErrorKind;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Registers Vigil's meters with the Prometheus registry. Counters and gauges are callbacks that
 * read the {@link LongAdder}s at scrape time, so the data path never touches the Prometheus
 * client except for latency histograms ({@link CommandLatency}).
 */
final class PrometheusMeters {

    private PrometheusMeters() {
    }

    static void register(Meters m) {
        PrometheusRegistry r = m.registry;
        poolCounter(r, m, MeterNames.CLIENT_REQUESTS, "Requests received from clients", p -> p.clientRequests);
        poolCounter(r, m, MeterNames.CLIENT_CONNECTIONS_OPENED, "Client connections accepted", p -> p.clientOpened);
        poolGauge(r, m, MeterNames.CLIENT_CONNECTIONS, "Client connections open", p -> p.clientConnections);
        poolGauge(r, m, MeterNames.HELD_CLIENTS, "Clients whose requests wait for a shard's master", p -> p.heldClients);
        poolCounter(r, m, MeterNames.HOLDS, "Times requests waited for a shard to have a verified master", p -> p.holds);
        CounterWithCallback.builder().name(MeterNames.HELD_SECONDS)
                .help("Time shards spent without a master while requests waited for one").labelNames("pool")
                .callback(cb -> m.pools().forEach(p -> cb.call(p.heldNanos.sum() / 1e9, p.name))).register(r);
        CounterWithCallback.builder().name(MeterNames.ERRORS)
                .help("Requests answered with an error, by kind").labelNames("pool", "kind")
                .callback(cb -> m.pools().forEach(p -> {
                    for (ErrorKind k : ErrorKind.values()) {
                        cb.call(p.errors[k.ordinal()].sum(), p.name, k.label);
                    }
                })).register(r);

        nodeCounter(r, m, MeterNames.BACKEND_REQUESTS, "Requests written to a node", n -> n.requests);
        nodeCounter(r, m, MeterNames.BACKEND_REQUEST_BYTES, "Request bytes written to a node", n -> n.requestBytes);
        nodeCounter(r, m, MeterNames.BACKEND_RESPONSES, "Replies read from a node", n -> n.responses);
        nodeCounter(r, m, MeterNames.BACKEND_RESPONSE_BYTES, "Reply bytes read from a node", n -> n.responseBytes);
        nodeCounter(r, m, MeterNames.READS_ROUTED, "Reads the read policy sent to a replica", n -> n.readsRouted);
        nodeCounter(r, m, MeterNames.FENCES, "Times a node's connections were fenced after it stopped being master",
                n -> n.fences);
        nodeGauge(r, m, MeterNames.BACKEND_CONNECTIONS, "Connections open to a node", n -> n.connections);
        nodeGauge(r, m, MeterNames.BACKEND_OUTSTANDING, "Requests written to a node and not answered yet",
                n -> n.outQueue);
        CounterWithCallback.builder().name(MeterNames.BACKEND_ERRORS)
                .help("Backend connection errors and error replies, by node and kind").labelNames("pool", "node", "kind")
                .callback(cb -> m.pools().forEach(p -> p.nodes().forEach(n -> {
                    String node = n.node.toString();
                    cb.call(n.eof.sum(), p.name, node, BackendErrorKind.EOF.label);
                    cb.call(n.errors.sum(), p.name, node, BackendErrorKind.ERROR.label);
                    cb.call(n.timeouts.sum(), p.name, node, BackendErrorKind.TIMEOUT.label);
                    cb.call(n.errorReplies.sum(), p.name, node, BackendErrorKind.ERROR_REPLY.label);
                }))).register(r);
        TopologyGauges.register(r, m);
        JvmMetrics.builder().register(r);
    }

    private static void poolCounter(PrometheusRegistry r, Meters m, String name, String help,
                                    Function<PoolMeters, LongAdder> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("pool")
                .callback(cb -> m.pools().forEach(p -> cb.call(value.apply(p).sum(), p.name))).register(r);
    }

    private static void poolGauge(PrometheusRegistry r, Meters m, String name, String help,
                                  Function<PoolMeters, LongAdder> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("pool")
                .callback(cb -> m.pools().forEach(p -> cb.call(value.apply(p).sum(), p.name))).register(r);
    }

    private static void nodeCounter(PrometheusRegistry r, Meters m, String name, String help,
                                    Function<NodeMeters, LongAdder> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("pool", "shard", "node")
                .callback(cb -> m.pools().forEach(p -> p.nodes().forEach(n ->
                        cb.call(value.apply(n).sum(), p.name, shardLabel(p, n), n.node.toString())))).register(r);
    }

    private static void nodeGauge(PrometheusRegistry r, Meters m, String name, String help,
                                  Function<NodeMeters, LongAdder> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("pool", "shard", "node")
                .callback(cb -> m.pools().forEach(p -> p.nodes().forEach(n ->
                        cb.call(value.apply(n).sum(), p.name, shardLabel(p, n), n.node.toString())))).register(r);
    }

    static String shardLabel(PoolMeters p, NodeMeters n) {
        String s = p.shardName(n.shard);
        return s == null ? "" : s;
    }
}
