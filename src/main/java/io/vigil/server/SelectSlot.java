package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.BackendConnection;

/**
 * The slot of a client's SELECT. The backend validates the index; only its {@code +OK} (or
 * {@code +QUEUED} inside a transaction) moves the client to the new db.
 */
final class SelectSlot extends ReplySlot {

    private final int db;
    private final BackendConnection connection;

    SelectSlot(ClientSession session, int db, BackendConnection connection) {
        super(session);
        this.db = db;
        this.connection = connection;
    }

    @Override
    public void onReply(ByteBuf reply) {
        byte first = reply.getByte(reply.readerIndex());
        if (first == '+') {
            session.selected(db);
            if (reply.getByte(reply.readerIndex() + 1) == 'Q') {
                connection.forgetDb(); // queued: runs at EXEC, so the connection's db is unknown until then
            }
        } else {
            connection.forgetDb();
        }
        super.onReply(reply);
    }
}
