package io.vigil.command;

import io.netty.buffer.ByteBuf;
import io.vigil.protocol.RespRequest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable open-addressed hash table from a lower-case ASCII name to a value, looked up
 * straight from a request argument's bytes with ASCII case folded: no String, no copy, no
 * allocation. Linear probing in a power-of-two table at most half full, so a miss ends quickly.
 */
final class NameTable<V> {

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private final byte[][] names;
    private final Object[] values;
    private final int mask;
    /** Longer arguments cannot be names: rejected before hashing a possibly huge argument. */
    private final int maxLength;

    NameTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2) - 1) << 1;
        names = new byte[capacity][];
        values = new Object[capacity];
        mask = capacity - 1;
        int longest = 0;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            byte[] name = e.getKey().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            int slot = hash(name) & mask;
            while (names[slot] != null) {
                slot = (slot + 1) & mask;
            }
            names[slot] = name;
            values[slot] = e.getValue();
            longest = Math.max(longest, name.length);
        }
        maxLength = longest;
    }

    /** The value named by argument {@code arg} of {@code req}, ignoring ASCII case, or null. */
    @SuppressWarnings("unchecked")
    V get(RespRequest req, int arg) {
        int len = req.argLength(arg);
        if (len > maxLength) {
            return null;
        }
        ByteBuf buf = req.frame();
        int base = req.argIndex(arg);
        int h = FNV_OFFSET;
        for (int p = 0; p < len; p++) {
            h = (h ^ lower(buf.getByte(base + p))) * FNV_PRIME;
        }
        for (int slot = h & mask; names[slot] != null; slot = (slot + 1) & mask) {
            if (sameName(names[slot], buf, base, len)) {
                return (V) values[slot];
            }
        }
        return null;
    }

    /** The value named {@code name}, ignoring case, or null. Allocates: not for the hot path. */
    @SuppressWarnings("unchecked")
    V get(String name) {
        byte[] key = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        for (int slot = hash(key) & mask; names[slot] != null; slot = (slot + 1) & mask) {
            if (Arrays.equals(names[slot], key)) {
                return (V) values[slot];
            }
        }
        return null;
    }

    /** FNV-1a over lower-case bytes; must agree with the loop in {@link #get(RespRequest, int)}. */
    private static int hash(byte[] lowerName) {
        int h = FNV_OFFSET;
        for (byte b : lowerName) {
            h = (h ^ b) * FNV_PRIME;
        }
        return h;
    }

    private static boolean sameName(byte[] name, ByteBuf buf, int base, int len) {
        if (name.length != len) {
            return false;
        }
        for (int p = 0; p < len; p++) {
            if (name[p] != lower(buf.getByte(base + p))) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
