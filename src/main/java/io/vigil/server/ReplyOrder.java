package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.util.ArrayDeque;

/**
 * A client's replies in the order of its requests. Each request takes a {@link ReplySlot} here
 * when it is sent or answered; replies may fill their slots in any order (from different nodes,
 * or made by Vigil while others wait on a backend), and leave only from the head, so the client
 * always reads them in request order. Also applies CLIENT REPLY OFF/SKIP, which Vigil handles
 * itself because a shared backend connection must always answer.
 *
 * <p>Small replies are copied into one buffer, {@link #batch}, which goes to the channel when the
 * session flushes: at {@code -P 16} a client gets 16 replies per flush, and one write of their
 * bytes costs less than 16 trips through the pipeline and the outbound buffer (the profile put
 * those at 10-12 % of Vigil's CPU). Anything else written to the channel must call
 * {@link #writeBatch} first, so bytes still leave in order.
 *
 * <p>Ownership: a filled slot's reply belongs to this queue until it is written to the channel
 * (which releases it) or released when the client is gone; so does the batch.
 */
final class ReplyOrder {

    /** Replies up to this size are copied into the batch; larger ones are written as they are. */
    static final int COALESCE_MAX_BYTES = 2048;
    /** A batch this full goes to the channel at once, so its bytes count toward writability. */
    static final int BATCH_MAX_BYTES = 64 * 1024;
    private static final int BATCH_INITIAL_BYTES = 1024;

    private final ArrayDeque<ReplySlot> slots = new ArrayDeque<>();
    /** Small replies written since the last flush, not yet handed to the channel. */
    private ByteBuf batch;
    /** CLIENT REPLY OFF: no reply is written until ON. */
    boolean off;
    /** CLIENT REPLY SKIP: the next reply is not written. */
    boolean skipNext;

    /** Gives {@code slot} the next place in the order. */
    void add(ReplySlot slot) {
        if (off) {
            slot.discard = true;
        } else if (skipNext) {
            slot.discard = true;
            skipNext = false;
        }
        slots.add(slot);
    }

    /** A slot that is written whatever CLIENT REPLY says (a protocol error, QUIT). */
    void addAlways(ReplySlot slot) {
        slots.add(slot);
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    int size() {
        return slots.size();
    }

    /**
     * Writes every finished reply at the head to {@code channel}, without flushing. Returns true
     * when something was written; closes the channel after a slot that asks for it.
     */
    boolean writeFinished(Channel channel) {
        ReplySlot slot;
        boolean wrote = false;
        while ((slot = slots.peek()) != null && slot.done) {
            slots.poll();
            ByteBuf reply = slot.reply;
            slot.reply = null;
            if (slot.discard) {
                reply.release();
            } else {
                write(channel, reply);
                wrote = true;
            }
            if (slot.closeAfter) {
                writeBatch(channel);
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                releaseFilled();
                return false;
            }
        }
        return wrote;
    }

    private void write(Channel channel, ByteBuf reply) {
        int bytes = reply.readableBytes();
        if (bytes > COALESCE_MAX_BYTES) {
            writeBatch(channel);
            channel.write(reply, channel.voidPromise());
            return;
        }
        if (batch == null) {
            batch = channel.alloc().ioBuffer(Math.max(BATCH_INITIAL_BYTES, bytes));
        }
        batch.writeBytes(reply);
        reply.release();
        if (batch.readableBytes() >= BATCH_MAX_BYTES) {
            writeBatch(channel);
        }
    }

    /** Hands the batched replies to the channel (unflushed). Call before any other write and every flush. */
    void writeBatch(Channel channel) {
        ByteBuf out = batch;
        if (out != null) {
            batch = null;
            channel.write(out, channel.voidPromise());
        }
    }

    /** Releases every reply already in; slots still waiting release theirs when they arrive. */
    void releaseFilled() {
        for (ReplySlot slot : slots) {
            if (slot.reply != null) {
                slot.reply.release();
                slot.reply = null;
            }
        }
    }

    void clear() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
        releaseFilled();
        slots.clear();
    }
}
