package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Merges the replies of the shards a request was split over into the one reply Redis would give. */
final class SplitMerge {

    private SplitMerge() {
    }

    static ByteBuf merge(ByteBufAllocator alloc, SplitKind kind, ByteBuf[] parts, int[] keyPart, int[] keyPos) {
        return switch (kind) {
            case MGET -> multiGet(alloc, parts, keyPart, keyPos);
            case MSET, FANOUT_ALL_OK -> allOk(alloc, parts);
            case SUM, FANOUT_SUM -> sum(alloc, parts);
            case FANOUT_CONCAT -> concat(alloc, parts);
            case FANOUT_FIRST -> firstError(parts) != null ? copy(alloc, firstError(parts)) : copy(alloc, parts[0]);
            case FANOUT_AND -> and(alloc, parts);
            case FANOUT_ANY -> any(alloc, parts);
        };
    }

    // *<n> then, for each key in request order, its value from its shard's array, or that shard's error
    private static ByteBuf multiGet(ByteBufAllocator alloc, ByteBuf[] parts, int[] keyPart, int[] keyPos) {
        int[][] starts = new int[parts.length][];
        int size = 16;
        for (int p = 0; p < parts.length; p++) {
            ByteBuf part = parts[p];
            size += part.readableBytes();
            if (isAggregate(part)) {
                int n = (int) RespElements.count(part, part.readerIndex());
                starts[p] = new int[n + 1];
                int at = RespElements.firstElement(part, part.readerIndex());
                for (int e = 0; e < n; e++) {
                    starts[p][e] = at;
                    at = RespElements.skip(part, at);
                }
                starts[p][n] = at;
            }
        }
        ByteBuf out = alloc.buffer(size + keyPart.length * 8);
        Replies.writeHeader(out, '*', keyPart.length);
        for (int k = 0; k < keyPart.length; k++) {
            ByteBuf part = parts[keyPart[k]];
            int[] s = starts[keyPart[k]];
            if (s == null || keyPos[k] + 1 >= s.length) {
                out.writeBytes(part, part.readerIndex(), part.readableBytes()); // the shard's error, per key
            } else {
                out.writeBytes(part, s[keyPos[k]], s[keyPos[k] + 1] - s[keyPos[k]]);
            }
        }
        return out;
    }

    private static ByteBuf allOk(ByteBufAllocator alloc, ByteBuf[] parts) {
        for (ByteBuf part : parts) {
            if (part.getByte(part.readerIndex()) != '+') {
                return copy(alloc, part);
            }
        }
        return copy(alloc, parts[0]);
    }

    private static ByteBuf sum(ByteBufAllocator alloc, ByteBuf[] parts) {
        ByteBuf error = firstError(parts);
        if (error != null) {
            return copy(alloc, error);
        }
        long total = 0;
        for (ByteBuf part : parts) {
            int i = part.readerIndex();
            total += RespElements.number(part, i + 1, RespElements.lineEnd(part, i));
        }
        return Replies.integer(alloc, total);
    }

    private static ByteBuf concat(ByteBufAllocator alloc, ByteBuf[] parts) {
        ByteBuf error = firstError(parts);
        if (error != null) {
            return copy(alloc, error);
        }
        long total = 0;
        int size = 16;
        for (ByteBuf part : parts) {
            total += Math.max(0, RespElements.count(part, part.readerIndex()));
            size += part.readableBytes();
        }
        ByteBuf out = alloc.buffer(size);
        Replies.writeHeader(out, '*', total);
        for (ByteBuf part : parts) {
            int first = RespElements.firstElement(part, part.readerIndex());
            out.writeBytes(part, first, part.writerIndex() - first);
        }
        return out;
    }

    // SCRIPT EXISTS: *<n> of :0/:1 per script, 1 only where every shard says 1
    private static ByteBuf and(ByteBufAllocator alloc, ByteBuf[] parts) {
        ByteBuf error = firstError(parts);
        if (error != null) {
            return copy(alloc, error);
        }
        int n = (int) RespElements.count(parts[0], parts[0].readerIndex());
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        for (ByteBuf part : parts) {
            int at = RespElements.firstElement(part, part.readerIndex());
            for (int e = 0; e < n; e++) {
                all[e] &= part.getByte(at + 1) == '1';
                at = RespElements.skip(part, at);
            }
        }
        ByteBuf out = alloc.buffer(8 + n * 4);
        Replies.writeHeader(out, '*', n);
        for (boolean b : all) {
            Replies.writeHeader(out, ':', b ? 1 : 0);
        }
        return out;
    }

    private static ByteBuf any(ByteBufAllocator alloc, ByteBuf[] parts) {
        ByteBuf error = firstError(parts);
        if (error != null) {
            return copy(alloc, error);
        }
        for (ByteBuf part : parts) {
            byte t = part.getByte(part.readerIndex());
            if (t != '_' && !(t == '$' && part.getByte(part.readerIndex() + 1) == '-')) {
                return copy(alloc, part);
            }
        }
        return copy(alloc, parts[0]);
    }

    private static boolean isAggregate(ByteBuf part) {
        byte t = part.getByte(part.readerIndex());
        return (t == '*' || t == '~') && part.getByte(part.readerIndex() + 1) != '-';
    }

    private static ByteBuf firstError(ByteBuf[] parts) {
        for (ByteBuf part : parts) {
            byte t = part.getByte(part.readerIndex());
            if (t == '-' || t == '!') {
                return part;
            }
        }
        return null;
    }

    private static ByteBuf copy(ByteBufAllocator alloc, ByteBuf part) {
        ByteBuf out = alloc.buffer(part.readableBytes());
        out.writeBytes(part, part.readerIndex(), part.readableBytes());
        return out;
    }
}
