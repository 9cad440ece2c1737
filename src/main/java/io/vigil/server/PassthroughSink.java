package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.ReplySink;

/** Receives every frame of a subscribed (or monitoring) client's dedicated connection. */
final class PassthroughSink implements ReplySink {

    private final Passthrough passthrough;

    PassthroughSink(Passthrough passthrough) {
        this.passthrough = passthrough;
    }

    @Override
    public void onReply(ByteBuf frame) {
        passthrough.onFrame(frame);
    }

    @Override
    public void onFailure(String error, boolean written) {
        passthrough.onLost(error);
    }
}
