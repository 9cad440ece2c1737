package io.vigil.metrics;

import io.vigil.metrics.MeterNames.Stat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * nutcracker 0.5's stats document, byte for byte in its layout (nc_stats.c): a flat JSON object
 * of the seven header keys, then one object per pool holding its six counters and one object per
 * server of thirteen. Every key/value is written {@code "key":value, }; closing an object turns
 * the trailing {@code ", "} into {@code "},"}, and the document ends {@code }}\n}. Pools and
 * servers come in nutcracker's order, which sorts them by name length, then bytes (its config
 * validation sorts them with {@code string_compare}).
 *
 * <p>nutcracker aggregates its counters every stats interval and serves the last aggregate:
 * {@link #pools(Meters)} is that aggregate, {@link #document} adds the header at send time.
 */
final class NutcrackerStats {

    /** nutcracker's string_compare: shorter first, then byte order. */
    static final Comparator<String> NUTCRACKER_ORDER =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private final StringBuilder out = new StringBuilder(4096);

    private NutcrackerStats() {
    }

    /** The pool part of the document, as of now: what the interval's aggregate holds. */
    static String pools(Meters m) {
        NutcrackerStats s = new NutcrackerStats();
        List<PoolMeters> pools = new ArrayList<>(m.pools());
        pools.sort(Comparator.comparing(p -> p.name, NUTCRACKER_ORDER));
        for (PoolMeters p : pools) {
            s.begin(p.name);
            long[] pool = {p.clientEof.sum(), p.clientErr.sum(), p.clientConnections.sum(), p.serverEjects.sum(),
                p.forwardError.sum(), p.fragments.sum()};
            for (int i = 0; i < pool.length; i++) {
                s.num(MeterNames.STATS_POOL.get(i).key(), pool[i]);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < p.shards.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparing(p.shards::get, NUTCRACKER_ORDER));
            for (int shard : order) {
                s.begin(p.shards.get(shard));
                long[] v = server(p, shard);
                for (int i = 0; i < v.length; i++) {
                    s.num(MeterNames.STATS_SERVER.get(i).key(), v[i]);
                }
                s.end();
            }
            s.end();
        }
        return s.out.toString();
    }

    /** The thirteen server values of one shard, summed over its nodes. */
    private static long[] server(PoolMeters p, int shard) {
        long[] v = new long[MeterNames.STATS_SERVER.size()];
        for (NodeMeters n : p.nodes()) {
            if (n.shard != shard) {
                continue;
            }
            v[0] += n.eof.sum();
            v[1] += n.errors.sum();
            v[2] += n.timeouts.sum();
            v[3] += n.connections.sum();
            v[5] += n.requests.sum();
            v[6] += n.requestBytes.sum();
            v[7] += n.responses.sum();
            v[8] += n.responseBytes.sum();
            // in_queue, in_queue_bytes: requests wait for a connect inside the connection, not counted
            v[11] += n.outQueue.sum();
            v[12] += n.outQueueBytes.sum();
        }
        v[4] = p.ejectedAtMicros.get(shard);
        return v;
    }

    /** The whole document: the header as of now, then {@code pools} from the last aggregate. */
    static String document(Meters m, String source, String version, String pools) {
        NutcrackerStats s = new NutcrackerStats();
        long now = System.currentTimeMillis() / 1000;
        s.out.append('{');
        s.str("service", "vigil");
        s.str("source", source);
        s.str("version", version);
        s.num("uptime", now - m.startMillis / 1000);
        s.num("timestamp", now);
        s.num("total_connections", m.totalConnections.sum());
        s.num("curr_connections", m.currConnections.sum());
        s.out.append(pools);
        // stats_add_footer: the last byte (a space or a comma) becomes the closing brace
        s.out.setLength(s.out.length() - 1);
        s.out.append("}\n");
        return s.out.toString();
    }

    /** {@code nutcracker -D}'s description of every stat, in its layout. */
    static String describe() {
        StringBuilder d = new StringBuilder("pool stats:\n");
        for (Stat stat : MeterNames.STATS_POOL) {
            d.append(String.format("  %-20s\"%s\"%n", stat.key(), stat.description()));
        }
        d.append("\nserver stats:\n");
        for (Stat stat : MeterNames.STATS_SERVER) {
            d.append(String.format("  %-20s\"%s\"%n", stat.key(), stat.description()));
        }
        return d.toString();
    }

    private void str(String key, String value) {
        out.append('"').append(key).append("\":\"").append(value).append("\", ");
    }

    private void num(String key, long value) {
        out.append('"').append(key).append("\":").append(value).append(", ");
    }

    private void begin(String key) {
        out.append('"').append(key).append("\": {");
    }

    /** stats_end_nesting: {@code ", "} becomes {@code "},"}; {@code "},"} becomes {@code "}},"}. */
    private void end() {
        int n = out.length();
        if (out.charAt(n - 2) == ',') {
            out.setCharAt(n - 2, '}');
            out.setCharAt(n - 1, ',');
        } else {
            out.setCharAt(n - 1, '}');
            out.append(',');
        }
    }
}
