package io.vigil.server;

import io.netty.buffer.ByteBuf;

/**
 * The slot of a command sent inside a transaction: its {@code +QUEUED} gives the command its
 * place in EXEC's array, which an effect applied at EXEC needs to find its element.
 */
final class QueuedSlot extends ReplySlot {

    private final QueuedTransaction tx;
    /** Set once the command is sent, when it has an effect at EXEC. */
    QueuedTransaction.Effect effect;

    QueuedSlot(ClientSession session, QueuedTransaction tx) {
        super(session);
        this.tx = tx;
    }

    // +QUEUED\r\n
    @Override
    public void onReply(ByteBuf reply) {
        if (reply.readableBytes() == 9 && reply.getByte(reply.readerIndex()) == '+'
                && reply.getByte(reply.readerIndex() + 1) == 'Q') {
            tx.onQueued(effect);
        }
        super.onReply(reply);
    }
}
