package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The reply to HELLO: a map in RESP3, a flat array of the same pairs in RESP2, with the fields
 * Redis gives ({@code server version proto id mode role modules}). Vigil presents itself as one
 * standalone master, since that is what clients see through it.
 */
final class HelloReply {

    /** The Redis version Vigil reports: the one its command table comes from. */
    static final String REDIS_VERSION = "7.0.15";

    private HelloReply() {
    }

    static ByteBuf build(ByteBufAllocator alloc, int protocol, long clientId) {
        ByteBuf out = alloc.buffer(128);
        if (protocol == 3) {
            Replies.writeHeader(out, '%', 7);
        } else {
            Replies.writeHeader(out, '*', 14);
        }
        Replies.writeBulk(out, "server");
        Replies.writeBulk(out, "redis");
        Replies.writeBulk(out, "version");
        Replies.writeBulk(out, REDIS_VERSION);
        Replies.writeBulk(out, "proto");
        Replies.writeHeader(out, ':', protocol);
        Replies.writeBulk(out, "id");
        Replies.writeHeader(out, ':', clientId);
        Replies.writeBulk(out, "mode");
        Replies.writeBulk(out, "standalone");
        Replies.writeBulk(out, "role");
        Replies.writeBulk(out, "master");
        Replies.writeBulk(out, "modules");
        Replies.writeHeader(out, '*', 0);
        return out;
    }
}
