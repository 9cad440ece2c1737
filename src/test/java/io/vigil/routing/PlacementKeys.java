package io.vigil.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The keys the placement test sends through nutcracker: every byte value alone and inside longer
 * keys, short binary keys, ordinary keys, keys with hash tags and tag-like edge cases, long keys up
 * to 8000 bytes (nutcracker refuses keys near its 16 KB buffer size), and the empty key. Fixed by
 * a seed, so that a failure can be replayed.
 */
final class PlacementKeys {

    private static final long SEED = 20_240_501L;

    private PlacementKeys() {
    }

    static List<byte[]> all() {
        Random random = new Random(SEED);
        Set<ByteBuffer> keys = new LinkedHashSet<>();
        keys.add(ByteBuffer.wrap(new byte[0]));
        for (int b = 0; b < 256; b++) {
            keys.add(ByteBuffer.wrap(new byte[] {(byte) b}));
            keys.add(ByteBuffer.wrap(new byte[] {(byte) b, (byte) (255 - b)}));
            keys.add(ByteBuffer.wrap(concat(ascii("key:"), new byte[] {(byte) b}, ascii(":" + b))));
            keys.add(ByteBuffer.wrap(concat(new byte[] {(byte) b, (byte) b, (byte) b}, ascii("{t" + b + "}"))));
        }
        for (int i = 0; i < 500; i++) {
            keys.add(ByteBuffer.wrap(randomBytes(random, 3 + random.nextInt(14))));
        }
        for (int i = 0; i < 1000; i++) {
            keys.add(ByteBuffer.wrap(ascii("user:" + i)));
        }
        for (int i = 0; i < 250; i++) {
            keys.add(ByteBuffer.wrap(ascii("{user" + i + "}:profile")));
            keys.add(ByteBuffer.wrap(ascii("{user" + i + "}:friends")));
            keys.add(ByteBuffer.wrap(ascii("a{}b" + i)));
            keys.add(ByteBuffer.wrap(ascii("{" + i)));
            keys.add(ByteBuffer.wrap(ascii(i + "}")));
            keys.add(ByteBuffer.wrap(ascii("}{" + i + "}")));
            keys.add(ByteBuffer.wrap(ascii("x{" + i + "}{y}")));
            keys.add(ByteBuffer.wrap(ascii("{{" + i + "}}")));
            keys.add(ByteBuffer.wrap(concat(ascii("{"), randomBytes(random, 1 + random.nextInt(6)), ascii("}"))));
        }
        for (int i = 0; i < 60; i++) {
            keys.add(ByteBuffer.wrap(randomBytes(random, 64 + random.nextInt(2000))));
        }
        keys.add(ByteBuffer.wrap(randomBytes(random, 4000)));
        keys.add(ByteBuffer.wrap(concat(ascii("{long}"), randomBytes(random, 8000))));
        List<byte[]> list = new ArrayList<>(keys.size());
        for (ByteBuffer key : keys) {
            list.add(key.array());
        }
        return list;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
