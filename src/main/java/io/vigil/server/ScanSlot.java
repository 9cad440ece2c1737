package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * SCAN over a sharded pool walks the shards one after another. The cursor a client sees carries
 * the shard in its low bits and that shard's own cursor above them; when a shard's walk ends the
 * next cursor points at the next shard, and 0 comes back only after the last one.
 */
final class ScanSlot extends ReplySlot {

    private final int shardIndex;
    private final int shards;

    ScanSlot(ClientSession session, int shardIndex, int shards) {
        super(session);
        this.shardIndex = shardIndex;
        this.shards = shards;
    }

    static int bits(int shards) {
        return 32 - Integer.numberOfLeadingZeros(shards - 1);
    }

    /** The client cursor for a shard's next cursor, 0 when the whole walk is over. */
    static long clientCursor(long backendNext, int shard, int shards) {
        if (backendNext != 0) {
            return (backendNext << bits(shards)) | shard;
        }
        return shard + 1 < shards ? shard + 1 : 0;
    }

    // *2\r\n$<n>\r\n<cursor>\r\n<array of keys>
    @Override
    public void onReply(ByteBuf reply) {
        int i = reply.readerIndex();
        if (reply.getByte(i) != '*') {
            super.onReply(reply); // an error: pass it on
            return;
        }
        int cursorAt = RespElements.firstElement(reply, i);
        int keysAt = RespElements.skip(reply, cursorAt);
        int digits = RespElements.lineEnd(reply, cursorAt) + 2;
        int digitsEnd = RespElements.lineEnd(reply, digits);
        long next = Long.parseUnsignedLong(reply.toString(digits, digitsEnd - digits,
                java.nio.charset.StandardCharsets.US_ASCII));
        String cursor = Long.toUnsignedString(clientCursor(next, shardIndex, shards));
        ByteBuf out = session.channel.alloc().buffer(reply.readableBytes() + 24);
        ByteBufUtil.writeAscii(out, "*2\r\n");
        Replies.writeBulk(out, cursor);
        out.writeBytes(reply, keysAt, reply.writerIndex() - keysAt);
        reply.release();
        super.onReply(out);
    }
}
