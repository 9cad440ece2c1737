package io.vigil.server;

import io.netty.buffer.ByteBuf;

/**
 * The slot of a SELECT whose index no SELECT on this pool has proven valid yet: the node judges
 * it, and the client's later requests wait for the verdict, since it decides their db. Only
 * {@code +OK} moves the client to the new db.
 */
final class SelectSlot extends ReplySlot {

    private final int db;

    SelectSlot(ClientSession session, int db) {
        super(session);
        this.db = db;
    }

    @Override
    public void onReply(ByteBuf reply) {
        if (reply.getByte(reply.readerIndex()) == '+') {
            session.selected(db);
        }
        session.settled();
        super.onReply(reply);
    }

    @Override
    public void onFailure(String error, boolean written) {
        session.settled();
        super.onFailure(error, written);
    }
}
