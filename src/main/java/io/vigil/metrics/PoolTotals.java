package io.vigil.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative totals of each pool for the dashboard, which turns two readings into rates and
 * quantiles: client requests, errors, and the latency histogram of all command classes summed.
 */
public final class PoolTotals {

    private PoolTotals() {
    }

    /** pool name → {requests, errors, latency: {bounds, counts}} as of now, plus the time of reading. */
    public static Map<String, Object> of(Meters m) {
        Map<String, long[]> buckets = new LinkedHashMap<>();
        HistogramSnapshot snapshot = m.byClass().collect();
        for (HistogramSnapshot.HistogramDataPointSnapshot point : snapshot.getDataPoints()) {
            String pool = point.getLabels().get("pool");
            ClassicHistogramBuckets b = point.getClassicBuckets();
            long[] sum = buckets.computeIfAbsent(pool, k -> new long[b.size()]);
            for (int i = 0; i < b.size() && i < sum.length; i++) {
                sum[i] += b.getCount(i);
            }
        }
        Map<String, Object> pools = new LinkedHashMap<>();
        for (PoolMeters p : m.pools()) {
            long errors = 0;
            for (var e : p.errors) {
                errors += e.sum();
            }
            Map<String, Object> latency = new LinkedHashMap<>();
            List<Double> bounds = new ArrayList<>();
            for (double d : CommandLatency.BUCKETS) {
                bounds.add(d);
            }
            bounds.add(Double.POSITIVE_INFINITY);
            latency.put("bounds", bounds);
            List<Long> counts = new ArrayList<>();
            for (long c : buckets.getOrDefault(p.name, new long[0])) {
                counts.add(c);
            }
            latency.put("counts", counts);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("requests", p.clientRequests.sum());
            one.put("errors", errors);
            one.put("clients", p.clientConnections.sum());
            one.put("latency", latency);
            pools.put(p.name, one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", System.currentTimeMillis());
        out.put("pools", pools);
        return out;
    }
}
