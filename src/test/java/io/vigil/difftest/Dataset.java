package io.vigil.difftest;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything stored in the dbs a stream can reach, read straight from the Redis nodes (one, or
 * each shard of a pool): per {@code db:key}, its type, DUMP and time to live. Two datasets are
 * equal when they hold the same keys, each with an equal DUMP — or, where a hash table's
 * iteration order makes DUMPs differ, equal content — and both with or both without a TTL
 * (within a minute: the two sides ran at different moments).
 */
final class Dataset {

    static final int[] DBS = {0, 1, 2, 5, 15};

    record Entry(String type, String dump, String content, long pttl) {
    }

    final Map<String, Entry> entries = new TreeMap<>();
    /** Keys found on more than one node: a sharding error. */
    final List<String> duplicates = new ArrayList<>();

    static Dataset read(List<Integer> ports) {
        Dataset d = new Dataset();
        for (int port : ports) {
            try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
                for (int db : DBS) {
                    j.select(db);
                    String cursor = ScanParams.SCAN_POINTER_START;
                    do {
                        ScanResult<String> page = j.scan(cursor, new ScanParams().count(1000));
                        for (String key : page.getResult()) {
                            Entry e = entry(j, key);
                            if (e != null && d.entries.put(db + ":" + key, e) != null) {
                                d.duplicates.add(db + ":" + key);
                            }
                        }
                        cursor = page.getCursor();
                    } while (!cursor.equals("0"));
                }
            }
        }
        return d;
    }

    private static Entry entry(Jedis j, String key) {
        String type = j.type(key);
        byte[] dump = j.dump(key);
        if (dump == null) {
            return null;
        }
        return new Entry(type, HexFormat.of().formatHex(dump), content(j, type, key), j.pttl(key));
    }

    private static String content(Jedis j, String type, String key) {
        return switch (type) {
            case "string" -> j.get(key);
            case "list" -> j.lrange(key, 0, -1).toString();
            case "hash" -> new TreeMap<>(j.hgetAll(key)).toString();
            case "set" -> new java.util.TreeSet<>(j.smembers(key)).toString();
            case "zset" -> j.zrangeWithScores(key, 0, -1).toString();
            case "stream" -> j.xrange(key, (redis.clients.jedis.StreamEntryID) null, null).toString();
            default -> type;
        };
    }

    /** The first difference from {@code other}, or null when the datasets are equal. */
    String differenceFrom(Dataset other) {
        if (!duplicates.isEmpty() || !other.duplicates.isEmpty()) {
            return "keys on more than one shard: " + duplicates + " " + other.duplicates;
        }
        for (String key : union(other)) {
            Entry a = entries.get(key);
            Entry b = other.entries.get(key);
            if (a == null || b == null) {
                return key + ": only on " + (a == null ? "the second" : "the first") + " side: " + (a == null ? b : a);
            }
            if (!a.type.equals(b.type) || (!a.dump.equals(b.dump) && !a.content.equals(b.content))) {
                return key + ": " + a.type + " " + a.content + " vs " + b.type + " " + b.content;
            }
            if ((a.pttl < 0) != (b.pttl < 0) || Math.abs(a.pttl - b.pttl) > 60_000) {
                return key + ": ttl " + a.pttl + " ms vs " + b.pttl + " ms";
            }
        }
        return null;
    }

    private List<String> union(Dataset other) {
        TreeMap<String, Boolean> all = new TreeMap<>();
        entries.keySet().forEach(k -> all.put(k, true));
        other.entries.keySet().forEach(k -> all.put(k, true));
        return new ArrayList<>(all.keySet());
    }

    @Override
    public String toString() {
        return entries.size() + " keys in dbs " + Arrays.toString(DBS);
    }
}
