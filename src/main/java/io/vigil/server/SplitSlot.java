package io.vigil.server;

import io.netty.buffer.ByteBuf;

/**
 * The slot of a request split over shards. It collects one reply per part and fills itself with
 * the merged reply once the last part is in. Ownership: it owns each part's reply until the merge,
 * which releases them.
 */
final class SplitSlot extends ReplySlot {

    final SplitKind kind;
    private final ByteBuf[] parts;
    private int remaining;
    /** MGET only: for the i-th key of the request, the part that carries it and its place there. */
    private final int[] keyPart;
    private final int[] keyPos;

    SplitSlot(ClientSession session, SplitKind kind, int partCount, int[] keyPart, int[] keyPos) {
        super(session);
        session.pool.meters.fragments(partCount);
        this.kind = kind;
        this.parts = new ByteBuf[partCount];
        this.remaining = partCount;
        this.keyPart = keyPart;
        this.keyPos = keyPos;
    }

    void partDone(int part, int shard, ByteBuf reply) {
        parts[part] = reply;
        session.onPartDone(shard);
        if (--remaining > 0) {
            return;
        }
        try {
            if (session.isClosed()) {
                return;
            }
            fill(SplitMerge.merge(session.channel.alloc(), kind, parts, keyPart, keyPos));
        } finally {
            for (int i = 0; i < parts.length; i++) {
                parts[i].release();
                parts[i] = null;
            }
        }
        session.onSlotDone(this, false);
    }
}
