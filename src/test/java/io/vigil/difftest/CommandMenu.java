package io.vigil.difftest;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * The commands a stream is made of, each with arguments drawn at random: right ones mostly,
 * wrong ones (type, arity, syntax, unknown command) now and then. Multi-key commands that Redis
 * runs atomically take keys of one group; those Vigil splits and merges take any.
 */
final class CommandMenu {

    private CommandMenu() {
    }

    static Command pick(StreamGenerator gen, Random rnd, int g) {
        String s = gen.k(g, "string");
        String l = gen.k(g, "list");
        String h = gen.k(g, "hash");
        String set = gen.k(g, "set");
        String z = gen.k(g, "zset");
        String x = gen.k(g, "stream");
        return switch (rnd.nextInt(76)) {
            case 0, 1, 2 -> new Command("SET", s, gen.v());
            case 3 -> new Command("SET", s, gen.v(), "EX", Integer.toString(1000 + rnd.nextInt(9000)));
            case 4 -> new Command("SET", s, gen.v(), rnd.nextBoolean() ? "NX" : "XX", "GET");
            case 5, 6, 7 -> new Command("GET", s);
            case 8 -> new Command("INCR", s);
            case 9 -> new Command("INCRBY", s, gen.n());
            case 10 -> new Command("APPEND", s, gen.v());
            case 11 -> new Command("GETRANGE", s, gen.n(), gen.n());
            case 12 -> new Command("SETRANGE", s, Integer.toString(rnd.nextInt(10)), gen.v());
            case 13 -> new Command("INCRBYFLOAT", s, rnd.nextBoolean() ? "1.5" : gen.n());
            case 14 -> new Command("MGET", gen.kAny("string"), gen.kAny("string"), gen.kAny("list"), gen.kAny("string"));
            case 15 -> new Command("MSET", gen.kAny("string"), gen.v(), gen.kAny("string"), gen.v());
            case 16 -> new Command("DEL", gen.kAny("string"), gen.kAny("list"), gen.kAny("set"));
            case 17 -> new Command("EXISTS", gen.kAny("string"), gen.kAny("hash"), gen.kAny("string"));
            case 18 -> new Command(rnd.nextBoolean() ? "UNLINK" : "TOUCH", gen.kAny("zset"), gen.kAny("string"));
            case 19 -> new Command("MSETNX", s, gen.v(), gen.k(g, "string"), gen.v());
            case 20 -> new Command("RENAME", s, gen.k(g, "string"));
            case 21 -> new Command("TYPE", gen.k(g, "any"));
            case 22 -> new Command("EXPIRE", s, Integer.toString(500 + rnd.nextInt(5000)));
            case 23 -> new Command("EXPIREAT", gen.k(g, "list"), "1");
            case 24 -> new Command("PERSIST", s);
            case 25 -> new Command(rnd.nextBoolean() ? "TTL" : "PTTL", s);
            case 26 -> new Command("GETEX", s, "EX", "7000");
            case 27 -> new Command("GETDEL", s);
            case 28, 29 -> new Command(rnd.nextBoolean() ? "LPUSH" : "RPUSH", l, gen.v(), gen.v());
            case 30 -> new Command(rnd.nextBoolean() ? "LPOP" : "RPOP", l);
            case 31 -> new Command("LPOP", l, Integer.toString(rnd.nextInt(4)));
            case 32, 33 -> new Command("LRANGE", l, "0", "-1");
            case 34 -> new Command("LLEN", l);
            case 35 -> new Command("LTRIM", l, "0", Integer.toString(rnd.nextInt(20)));
            case 36 -> new Command("LINSERT", l, "BEFORE", gen.v(), gen.v());
            case 37 -> new Command("LMOVE", l, gen.k(g, "list"), "LEFT", "RIGHT");
            case 38, 39 -> new Command("HSET", h, "f" + rnd.nextInt(8), gen.v(), "f" + rnd.nextInt(8), gen.v());
            case 40 -> new Command("HGET", h, "f" + rnd.nextInt(8));
            case 41 -> new Command("HGETALL", h);
            case 42 -> new Command(rnd.nextBoolean() ? "HKEYS" : "HVALS", h);
            case 43 -> new Command("HINCRBY", h, "f" + rnd.nextInt(8), gen.n());
            case 44 -> new Command("HDEL", h, "f" + rnd.nextInt(8));
            case 45 -> new Command("HMGET", h, "f1", "f2", "f9");
            case 46, 47 -> new Command("SADD", set, gen.v(), "m" + rnd.nextInt(10));
            case 48 -> new Command("SREM", set, "m" + rnd.nextInt(10));
            case 49 -> new Command("SMEMBERS", set);
            case 50 -> new Command("SISMEMBER", set, "m" + rnd.nextInt(10));
            case 51 -> new Command("SINTER", set, gen.k(g, "set"));
            case 52 -> new Command("SUNIONSTORE", gen.k(g, "set"), set, gen.k(g, "set"));
            case 53 -> new Command("SCARD", set);
            case 54, 55 -> new Command("ZADD", z, rnd.nextInt(8) == 0 ? gen.v() : Integer.toString(rnd.nextInt(50)), "m" + rnd.nextInt(10));
            case 56 -> new Command("ZRANGE", z, "0", "-1", "WITHSCORES");
            case 57 -> new Command("ZSCORE", z, "m" + rnd.nextInt(10));
            case 58 -> new Command("ZINCRBY", z, "2.5", "m" + rnd.nextInt(10));
            case 59 -> new Command("ZPOPMIN", z);
            case 60 -> new Command("ZRANGEBYSCORE", z, "-inf", Integer.toString(rnd.nextInt(60)));
            case 61 -> new Command("ZUNIONSTORE", gen.k(g, "zset"), "2", z, gen.k(g, "zset"));
            case 62, 63 -> new Command("XADD", x, (1 + rnd.nextInt(60)) + "-" + rnd.nextInt(3), "f", gen.v());
            case 64 -> new Command("XRANGE", x, "-", "+");
            case 65 -> new Command("XLEN", x);
            case 66 -> new Command("XTRIM", x, "MAXLEN", Integer.toString(rnd.nextInt(6)));
            case 67 -> new Command("EVAL", gen.script(false), "1", s, gen.v());
            case 68 -> new Command("EVALSHA", sha1(gen.script(true)), "1", s, gen.n());
            case 69 -> new Command("EVAL", gen.script(true), "1", s, gen.n());
            case 70 -> new Command("GET");
            case 71 -> new Command("SET", s);
            case 72 -> new Command("NOSUCHCOMMAND", s, gen.v());
            case 73 -> new Command("OBJECT", "ENCODING", gen.k(g, "any"));
            case 74 -> new Command("ECHO", gen.v());
            default -> new Command("PING");
        };
    }

    static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
