package io.vigil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vigil.protocol.RespRequest;

import java.nio.charset.StandardCharsets;

/**
 * Requests shaped as {@code RespRequestDecoder} emits them: the frame is a slice of a direct
 * buffer from Netty's default allocator (what an epoll read fills), holding {@code *<n>\r\n} then
 * {@code n × $<len>\r\n<bytes>\r\n}, with each argument addressed by offset and length. The
 * caller releases each request in its {@code @TearDown}.
 */
final class BenchRequests {

    private BenchRequests() {
    }

    static RespRequest of(String... args) {
        ByteBuf read = ByteBufAllocator.DEFAULT.directBuffer();
        int[] offsets = new int[args.length];
        int[] lengths = new int[args.length];
        read.writeCharSequence("*" + args.length + "\r\n", StandardCharsets.US_ASCII);
        for (int i = 0; i < args.length; i++) {
            byte[] arg = args[i].getBytes(StandardCharsets.UTF_8);
            read.writeCharSequence("$" + arg.length + "\r\n", StandardCharsets.US_ASCII);
            offsets[i] = read.writerIndex();
            lengths[i] = arg.length;
            read.writeBytes(arg);
            read.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
        }
        ByteBuf frame = read.retainedSlice();
        read.release();
        return new RespRequest(frame, args.length, offsets, lengths);
    }

    /** {@code MGET} and {@code count} keys. */
    static RespRequest mget(int count) {
        String[] args = new String[count + 1];
        args[0] = "MGET";
        for (int i = 1; i <= count; i++) {
            args[i] = key(i);
        }
        return of(args);
    }

    /** {@code key:<12 digits>}, the shape of redis-benchmark's {@code key:__rand_int__}. */
    static String key(int i) {
        return "key:%012d".formatted(i);
    }
}
