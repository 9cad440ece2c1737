package io.vigil.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * Heap buffers without leak tracking, for inputs of millions of values: paranoid tracking records a
 * stack trace per buffer access. Counts how many bytes its buffers had to hold each time one grew
 * (each growth copies about that much), so a test can show that cumulating a payload is linear.
 * Tests that use it check releases themselves.
 */
final class GrowthCountingAllocator extends AbstractByteBufAllocator {

    private long grownBytes;

    GrowthCountingAllocator() {
        super(false);
    }

    /** Sum, over every growth, of the capacity it asked for. */
    long grownBytes() {
        return grownBytes;
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
        grownBytes += minNewCapacity;
        return super.calculateNewCapacity(minNewCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }
}
