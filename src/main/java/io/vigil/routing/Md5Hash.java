package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * nutcracker's {@code md5} key hash (nc_md5.c, hash_md5): the first four bytes of the key's MD5
 * digest, read little-endian. Each thread digests with its own {@link Md5}, so hashing allocates
 * nothing after a thread's first key.
 */
enum Md5Hash implements HashFunction {
    INSTANCE;

    private static final ThreadLocal<Md5> DIGESTERS = ThreadLocal.withInitial(Md5::new);

    @Override
    public long hash(ByteBuf buf, int index, int length) {
        Md5 md5 = DIGESTERS.get();
        md5.digest(buf, index, length);
        return Integer.toUnsignedLong(md5.word(0));
    }
}
