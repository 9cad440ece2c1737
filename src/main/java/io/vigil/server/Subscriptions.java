package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.protocol.RespReplies;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a subscribed client is subscribed to, learned from Redis's own confirmations, so that
 * Vigil can subscribe it again on a new master after a failover.
 */
final class Subscriptions {

    private final Set<ByteBuffer> channels = new LinkedHashSet<>();
    private final Set<ByteBuffer> patterns = new LinkedHashSet<>();
    private final Set<ByteBuffer> shardChannels = new LinkedHashSet<>();

    /**
     * Updates the sets from one passthrough frame. Returns true for a subscribe confirmation
     * ({@code subscribe}, {@code psubscribe}, {@code ssubscribe}).
     */
    boolean track(ByteBuf frame) {
        ByteBuf kind = RespReplies.pubSubKind(frame);
        if (kind == null || RespReplies.pubSubCount(frame) < 0) {
            return false; // a message, or not pub/sub at all
        }
        String k = kind.toString(java.nio.charset.StandardCharsets.US_ASCII).toLowerCase();
        ByteBuffer channel = secondElement(frame);
        switch (k) {
            case "subscribe" -> add(channels, channel);
            case "psubscribe" -> add(patterns, channel);
            case "ssubscribe" -> add(shardChannels, channel);
            case "unsubscribe" -> remove(channels, channel);
            case "punsubscribe" -> remove(patterns, channel);
            case "sunsubscribe" -> remove(shardChannels, channel);
            default -> {
                return false;
            }
        }
        return !k.contains("unsub");
    }

    int total() {
        return channels.size() + patterns.size() + shardChannels.size();
    }

    /** One command that subscribes again: SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE with its arguments. */
    record Resubscribe(String name, List<byte[]> args) {
    }

    /** The commands that subscribe a fresh connection to everything again. */
    List<Resubscribe> resubscribeCommands() {
        List<Resubscribe> out = new ArrayList<>();
        addCommand(out, "SUBSCRIBE", channels);
        addCommand(out, "PSUBSCRIBE", patterns);
        addCommand(out, "SSUBSCRIBE", shardChannels);
        return out;
    }

    private static void addCommand(List<Resubscribe> out, String name, Set<ByteBuffer> set) {
        if (!set.isEmpty()) {
            List<byte[]> args = new ArrayList<>();
            for (ByteBuffer b : set) {
                args.add(b.array());
            }
            out.add(new Resubscribe(name, args));
        }
    }

    private static void add(Set<ByteBuffer> set, ByteBuffer channel) {
        if (channel != null) {
            set.add(channel);
        }
    }

    private static void remove(Set<ByteBuffer> set, ByteBuffer channel) {
        if (channel == null) {
            set.clear();
        } else {
            set.remove(channel);
        }
    }

    // *3\r\n$<n>\r\n<kind>\r\n$<m>\r\n<channel>\r\n:<count>\r\n (or >3 in RESP3); channel may be $-1 / _
    private static ByteBuffer secondElement(ByteBuf frame) {
        int i = frame.readerIndex();
        i = lineEnd(frame, i) + 2;                        // past the aggregate header
        int kindLen = parse(frame, i + 1, lineEnd(frame, i));
        i = lineEnd(frame, i) + 2 + kindLen + 2;          // past the kind bulk
        byte type = frame.getByte(i);
        if (type != '$' && type != '+') {
            return null;
        }
        int end = lineEnd(frame, i);
        if (type == '+') {
            byte[] b = new byte[end - i - 1];
            frame.getBytes(i + 1, b);
            return ByteBuffer.wrap(b);
        }
        int len = parse(frame, i + 1, end);
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        frame.getBytes(end + 2, b);
        return ByteBuffer.wrap(b);
    }

    private static int lineEnd(ByteBuf frame, int from) {
        return frame.indexOf(from, frame.writerIndex(), (byte) '\r');
    }

    private static int parse(ByteBuf frame, int from, int to) {
        boolean negative = frame.getByte(from) == '-';
        int v = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            v = v * 10 + (frame.getByte(i) - '0');
        }
        return negative ? -v : v;
    }
}
