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
 * <p>Ownership: a filled slot's reply belongs to this queue until it is written to the channel
 * (which releases it) or released when the client is gone.
 */
final class ReplyOrder {

    private final ArrayDeque<ReplySlot> slots = new ArrayDeque<>();
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
                channel.write(reply, channel.voidPromise());
                wrote = true;
            }
            if (slot.closeAfter) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                releaseFilled();
                return false;
            }
        }
        return wrote;
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
        releaseFilled();
        slots.clear();
    }
}
