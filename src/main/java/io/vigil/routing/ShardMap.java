package io.vigil.routing;

import io.netty.buffer.ByteBuf;
import io.vigil.config.PoolConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which shard of a pool a key belongs to, decided exactly as nutcracker 0.5 decides it
 * (nc_server.c, server_pool_idx) for the same {@code hash}, {@code hash_tag},
 * {@code distribution} and {@code servers}:
 * <ol>
 *   <li>a pool of one server takes every key, unhashed;</li>
 *   <li>with a hash tag such as {@code "{}"}, if the key holds the opening byte, and the closing
 *       byte comes after its first occurrence, and something lies between the two, only that part
 *       is hashed: {@code {user1000}.following} hashes {@code user1000}, while <code>a{}b</code>,
 *       <code>a&#123;b</code> and <code>a&#125;b&#123;c</code> hash the whole key;</li>
 *   <li>an empty key hashes to 0, whatever the function;</li>
 *   <li>the distribution turns the hash into a server.</li>
 * </ol>
 * A shard is the index of its server in {@link PoolConfig#servers()}, in file order.
 *
 * <p>Immutable and thread-safe. {@link #shardFor} runs for every request and allocates nothing.
 */
public final class ShardMap {

    private final int shardCount;
    private final String hashName;
    private final String distributionName;
    /** The key hash, or null when the distribution ignores keys ({@code random}). */
    private final HashFunction hash;
    private final Distribution distribution;
    private final boolean tagged;
    private final byte tagOpen;
    private final byte tagClose;
    private final String hashTag;
    private final List<Member> members;

    /** A map over {@code members}, which may be a subset of the pool's {@code shardCount} servers. */
    ShardMap(int shardCount, String hashName, String distributionName, String hashTag, List<Member> members) {
        this.shardCount = shardCount;
        this.hashName = hashName;
        this.distributionName = distributionName;
        this.distribution = Distribution.named(distributionName, members);
        this.hashTag = hashTag;
        this.members = List.copyOf(members);
        this.hash = distribution.usesHash() ? HashFunctions.named(hashName) : null;
        byte[] tag = hashTag == null ? new byte[0] : hashTag.getBytes(StandardCharsets.UTF_8);
        if (tag.length != 0 && tag.length != 2) {
            throw new IllegalArgumentException("hash_tag: '" + hashTag + "' (expected: 2 bytes, e.g. \"{}\")");
        }
        this.tagged = tag.length == 2;
        this.tagOpen = tagged ? tag[0] : 0;
        this.tagClose = tagged ? tag[1] : 0;
    }

    /**
     * The shard map of {@code pool}: every server takes keys (Vigil fails shards over instead of
     * ejecting them).
     *
     * @throws IllegalArgumentException when the pool has no servers, or names an unknown hash or
     *     distribution (a pool that {@code ConfigLoader} accepted never does)
     */
    public static ShardMap of(PoolConfig pool) {
        String hash = pool.hash() != null ? pool.hash() : PoolConfig.DEFAULT_HASH;
        String distribution = pool.distribution() != null ? pool.distribution() : PoolConfig.DEFAULT_DISTRIBUTION;
        return new ShardMap(pool.servers().size(), hash, distribution, pool.hashTag(), Member.of(pool.servers()));
    }

    /**
     * The map twemproxy uses while the shards marked in {@code ejected} are out of the ring
     * ({@code auto_eject_hosts}): their keys move to the remaining servers, whose own keys stay
     * put; shard numbers keep naming the same servers. When every shard would be out, this map.
     */
    public ShardMap without(boolean[] ejected) {
        List<Member> kept = new java.util.ArrayList<>();
        for (Member m : members) {
            if (m.shard() >= ejected.length || !ejected[m.shard()]) {
                kept.add(m);
            }
        }
        if (kept.isEmpty()) {
            return this;
        }
        return new ShardMap(shardCount, hashName, distributionName, hashTag, kept);
    }

    /** How many shards the pool has: the size of {@link PoolConfig#servers()}. */
    public int shardCount() {
        return shardCount;
    }

    /**
     * The shard for the key in {@code length} bytes of {@code buf} from {@code index}: an index
     * into {@link PoolConfig#servers()}. Does not move the buffer's indices.
     */
    public int shardFor(ByteBuf buf, int index, int length) {
        if (shardCount == 1) {
            return 0;
        }
        int start = index;
        int count = length;
        if (tagged) {
            int end = index + length;
            int open = buf.indexOf(index, end, tagOpen);
            if (open >= 0) {
                int close = buf.indexOf(open + 1, end, tagClose);
                if (close > open + 1) {
                    start = open + 1;
                    count = close - start;
                }
            }
        }
        long h = hash == null || count == 0 ? 0 : hash.hash(buf, start, count);
        return distribution.shardFor(h);
    }

    @Override
    public String toString() {
        return "ShardMap[" + shardCount + " shards, hash " + hashName + ", distribution " + distributionName
                + (tagged ? ", hash_tag " + (char) (tagOpen & 0xFF) + (char) (tagClose & 0xFF) : "") + "]";
    }
}
