package io.vigil.routing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * nutcracker's {@code random} (nc_random.c): every request goes to a server picked uniformly at
 * random, whatever its key. Weights are ignored, as nutcracker ignores them: it gives each live
 * server one slot.
 */
final class RandomDistribution implements Distribution {

    private final int[] shards;

    private RandomDistribution(int[] shards) {
        this.shards = shards;
    }

    static RandomDistribution of(List<Member> members) {
        return new RandomDistribution(members.stream().mapToInt(Member::shard).toArray());
    }

    @Override
    public int shardFor(long hash) {
        return shards[ThreadLocalRandom.current().nextInt(shards.length)];
    }

    @Override
    public boolean usesHash() {
        return false;
    }
}
