package io.vigil.backend;

import io.netty.buffer.ByteBuf;

/**
 * Where the reply to one forwarded request goes. Called on the event loop that owns the backend
 * connection, which is the loop of the client that sent the request.
 */
public interface ReplySink {

    /** The reply arrived. The sink now owns {@code reply} and must release it or pass it on. */
    void onReply(ByteBuf reply);

    /**
     * No reply will come. {@code error} is a complete RESP error line body without the leading
     * '-', ready to send to the client. {@code written} says whether the request had already
     * been written to the backend, so its outcome is unknown.
     */
    void onFailure(String error, boolean written);
}
