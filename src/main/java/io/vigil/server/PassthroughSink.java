package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.ReplySink;

/** Receives every frame of a subscribed (or monitoring) client's dedicated connection. */
final class PassthroughSink implements ReplySink {

    private final ClientSession session;

    PassthroughSink(ClientSession session) {
        this.session = session;
    }

    @Override
    public void onReply(ByteBuf frame) {
        session.onPassthroughFrame(frame);
    }

    @Override
    public void onFailure(String error, boolean written) {
        session.onPassthroughLost(error);
    }
}
