package io.vigil.backend;

import io.netty.buffer.ByteBuf;

/**
 * The sink of a command Vigil sends on its own behalf to keep a connection in the state a client
 * expects (AUTH, SELECT, HELLO). Its reply is swallowed; an error closes the connection, because
 * the requests queued behind it would otherwise run as the wrong user, in the wrong db or protocol.
 */
final class InternalReply implements ReplySink {

    private final BackendConnection connection;
    private final String what;

    InternalReply(BackendConnection connection, String what) {
        this.connection = connection;
        this.what = what;
    }

    @Override
    public void onReply(ByteBuf reply) {
        try {
            if (reply.readableBytes() > 0 && reply.getByte(reply.readerIndex()) == '-') {
                String error = reply.toString(reply.readerIndex() + 1, Math.max(0, reply.readableBytes() - 3),
                        java.nio.charset.StandardCharsets.UTF_8);
                connection.fail(BackendErrors.handshakeFailed(connection.node(), what, error));
            }
        } finally {
            reply.release();
        }
    }

    @Override
    public void onFailure(String error, boolean written) {
        // the connection is failing already; the client requests behind this one get the error
    }
}
