package io.vigil.routing;

import java.util.List;

/**
 * nutcracker's {@code modula} (nc_modula.c): {@code hash % W}, where W is the servers' total
 * weight, picks one of W slots, and each server holds as many consecutive slots as its weight, in
 * nutcracker's server order ({@link Member#NUTCRACKER_ORDER}, by name, not by file position).
 * nutcracker lays the slots out one by one; this keeps only where each server's run ends, so a
 * weight of a million costs no memory.
 */
final class Modula implements Distribution {

    /** ends[i] is one past the last slot of shards[i]; ascending, the last is the total weight. */
    private final long[] ends;
    private final int[] shards;

    private Modula(long[] ends, int[] shards) {
        this.ends = ends;
        this.shards = shards;
    }

    static Modula of(List<Member> members) {
        List<Member> ordered = Member.inNutcrackerOrder(members);
        long[] ends = new long[ordered.size()];
        int[] shards = new int[ordered.size()];
        long end = 0;
        for (int i = 0; i < ordered.size(); i++) {
            end += ordered.get(i).weight();
            ends[i] = end;
            shards[i] = ordered.get(i).shard();
        }
        return new Modula(ends, shards);
    }

    @Override
    public int shardFor(long hash) {
        long slot = hash % ends[ends.length - 1];
        int low = 0;
        int high = ends.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ends[middle] <= slot) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return shards[low];
    }

    @Override
    public boolean usesHash() {
        return true;
    }
}
