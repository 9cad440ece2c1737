package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.ReplySink;

/** One shard's part of a split request. */
final class SplitPart implements ReplySink {

    private final SplitSlot slot;
    private final int part;
    final int shard;

    SplitPart(SplitSlot slot, int part, int shard) {
        this.slot = slot;
        this.part = part;
        this.shard = shard;
    }

    @Override
    public void onReply(ByteBuf reply) {
        slot.partDone(part, shard, reply);
    }

    @Override
    public void onFailure(String error, boolean written) {
        slot.partDone(part, shard, slot.session.errorBuf(error));
    }
}
