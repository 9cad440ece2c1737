package io.vigil.server;

import io.netty.buffer.ByteBuf;

/**
 * The slot of an EXEC whose transaction changes the client's own state (a SELECT, or a command
 * Vigil answers itself). The client's later requests wait until it is answered, since their db
 * or protocol depends on whether the transaction ran.
 */
final class ExecSlot extends ReplySlot {

    private final QueuedTransaction effects;

    ExecSlot(ClientSession session, QueuedTransaction effects) {
        super(session);
        this.effects = effects;
    }

    @Override
    public void onReply(ByteBuf reply) {
        ByteBuf out = session.isClosed() ? reply : effects.apply(session, reply);
        effects.release();
        session.settled();
        super.onReply(out);
    }

    @Override
    public void onFailure(String error, boolean written) {
        effects.release();
        session.settled();
        super.onFailure(error, written);
    }
}
