package io.vigil.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random command streams for one client over a small keyspace of its own: strings, lists,
 * hashes, sets, sorted sets, streams, expirations, SELECT among a few dbs (and bad ones),
 * transactions with WATCH, HELLO 2/3, CLIENT REPLY, CLIENT SETNAME, RESET, Lua, and errors
 * (wrong type, wrong arity, unknown command). The same seed gives the same stream.
 *
 * <p>Keys are {@code {c<client>g<group>}:<name>}: each client's keys are its own, so concurrent
 * clients cannot change each other's replies, and with {@code hash_tag: "{}"} a group's keys
 * share a shard. With {@code sharded}, commands Redis runs atomically over several keys (and
 * the commands of one transaction) use keys of one group only, as a sharded pool requires.
 */
final class StreamGenerator {

    static final String[] SCRIPTS_LOADED = {
        "return redis.call('INCRBY', KEYS[1], ARGV[1])",
        "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])",
    };
    private static final String[] SCRIPTS = {
        "return redis.call('LPUSH', KEYS[1], ARGV[1])",
        "return {KEYS[1], ARGV[1], 1, 2.5, redis.call('EXISTS', KEYS[1])}",
        "return redis.pcall('INCR', KEYS[1])",
        "return redis.call('GET')",
        "return redis.call('HSET', KEYS[1], ARGV[1], ARGV[1])",
    };
    private static final String[] DBS = {"0", "0", "1", "2", "5", "15", "16", "99", "x", "-1"};
    private static final String[] VALUES = {"v", "", "0", "1", "7", "-1", "42", "3.14", "abc def", "x\r\ny",
        "12345678901234567890", "é\u0000\u00ff"};

    private final Random rnd;
    private final int client;
    private final boolean sharded;
    private final List<Command> out = new ArrayList<>();
    private boolean replyOff;

    StreamGenerator(long seed, int client, boolean sharded) {
        this.rnd = new Random(seed * 1_000_003L + client);
        this.client = client;
        this.sharded = sharded;
    }

    List<Command> generate(int count) {
        while (out.size() < count) {
            int r = rnd.nextInt(100);
            if (r < 84) {
                add(single(rnd.nextInt(3)));
            } else if (r < 91) {
                transaction(false);
            } else if (r < 93) {
                transaction(true);
            } else {
                state();
            }
        }
        if (replyOff) {
            add(new Command("CLIENT", "REPLY", "ON"));
        }
        out.add(new Command("QUIT"));
        return ReplyModel.annotate(out);
    }

    private void add(Command c) {
        out.add(c);
    }

    private void state() {
        switch (rnd.nextInt(8)) {
            case 0, 1, 2 -> add(new Command("SELECT", pick(DBS)));
            case 3 -> add(new Command("HELLO", rnd.nextBoolean() ? "3" : "2"));
            case 4 -> {
                String mode = replyOff ? "ON" : rnd.nextBoolean() ? "OFF" : "SKIP";
                replyOff = mode.equals("OFF");
                add(new Command("CLIENT", "REPLY", mode));
            }
            case 5 -> add(new Command("CLIENT", "SETNAME", "n" + rnd.nextInt(5)));
            case 6 -> add(new Command("CLIENT", "GETNAME"));
            default -> {
                add(new Command("RESET"));
                replyOff = false;
            }
        }
    }

    // MULTI … EXEC|DISCARD, optionally after WATCH; SELECT and local commands inside too
    private void transaction(boolean watch) {
        int group = rnd.nextInt(3);
        if (watch) {
            add(new Command("WATCH", key(group, rnd.nextInt(7))));
            if (rnd.nextBoolean()) {
                add(single(group)); // may touch the watched key: EXEC then answers nil
            }
        }
        add(new Command("MULTI"));
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(20);
            boolean keyedFirst = sharded && i == 0 && !watch; // a sharded transaction opens on its first key's shard
            if (r == 0 && !keyedFirst) {
                add(new Command("SELECT", pick(DBS)));
            } else if (r == 1 && !keyedFirst) {
                add(rnd.nextBoolean() ? new Command("CLIENT", "SETNAME", "t" + rnd.nextInt(3)) : new Command("CLIENT", "GETNAME"));
            } else if (r == 2 && !keyedFirst) {
                add(new Command("PING"));
            } else {
                Command c = single(group);
                while (keyedFirst && !opensOnItsKey(c)) {
                    c = single(group);
                }
                add(c);
            }
        }
        add(new Command(rnd.nextInt(6) == 0 ? "DISCARD" : "EXEC"));
    }

    /**
     * Whether a sharded pool can tell the shard of a transaction from {@code c}: a known command
     * with its key. (A transaction whose first command has no key opens on the first shard, and a
     * key elsewhere then aborts it with CROSSSLOT: a documented limit, not drawn here.)
     */
    private static boolean opensOnItsKey(Command c) {
        String n = c.name();
        return c.args.length >= 2 && !n.equals("NOSUCHCOMMAND") && !n.equals("PING") && !n.equals("ECHO")
                && !(n.equals("SET") && c.args.length < 3);
    }

    private String key(int group, int name) {
        return "{c" + client + "g" + group + "}:k" + name;
    }

    /** A key of the given kind (0-1 string, 2 list, 3 hash, 4 set, 5 zset, 6 stream), now and then of another. */
    private String key(int group, String kind) {
        int k = switch (kind) {
            case "string" -> rnd.nextInt(2);
            case "list" -> 2;
            case "hash" -> 3;
            case "set" -> 4;
            case "zset" -> 5;
            default -> 6;
        };
        return key(rnd.nextInt(12) == 0 ? rnd.nextInt(3) : group, rnd.nextInt(10) == 0 ? rnd.nextInt(7) : k);
    }

    private String anyGroupKey(String kind) {
        return key(rnd.nextInt(3), kind);
    }

    private String value() {
        int r = rnd.nextInt(40);
        if (r == 0) {
            return "L".repeat(100 + rnd.nextInt(3000));
        }
        return r < 20 ? pick(VALUES) : "v" + rnd.nextInt(20);
    }

    private String num() {
        return rnd.nextInt(15) == 0 ? pick(VALUES) : Integer.toString(rnd.nextInt(21) - 5);
    }

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private Command single(int g) {
        return CommandMenu.pick(this, rnd, g);
    }

    // what CommandMenu needs
    String k(int g, String kind) {
        return sharded ? key(g, kind).replaceFirst("g\\d", "g" + g) : key(g, kind);
    }

    String kAny(String kind) {
        return anyGroupKey(kind);
    }

    String v() {
        return value();
    }

    String n() {
        return num();
    }

    String script(boolean loaded) {
        return loaded ? pick(SCRIPTS_LOADED) : pick(SCRIPTS);
    }
}
