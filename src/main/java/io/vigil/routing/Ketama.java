package io.vigil.routing;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * nutcracker's consistent-hash ring (nc_ketama.c), point for point.
 *
 * <p>Building: a server of weight w among n servers of total weight W gets
 * {@code floor(w / W × 160 / 4 × n) × 4} points, computed in single-precision floats exactly as
 * nutcracker does, since rounding there decides whether a server gets 4 points more or less. Its
 * points come from MD5 digests of {@code "<name>-<i>"} for i = 0, 1, …, each digest giving four
 * points, its four little-endian 32-bit words. Servers are visited in nutcracker's order
 * ({@link Member#NUTCRACKER_ORDER}) and the points sorted by value; equal values, which need a
 * 32-bit MD5 collision, keep that visiting order, as glibc's merge-sorting {@code qsort} does.
 *
 * <p>Lookup: the first point whose value is at least the key's hash, wrapping to the first point
 * when the hash is above them all.
 */
final class Ketama implements Distribution {

    static final int POINTS_PER_SERVER = 160;
    static final int POINTS_PER_HASH = 4;
    /** nutcracker formats point names into a 273-byte buffer, so it hashes at most 272 bytes of one. */
    static final int MAX_POINT_NAME_BYTES = 272;
    /** nutcracker adds this before flooring, in double precision, to absorb float error. */
    private static final double NUDGE = 0.0000000001;

    /** Point values, unsigned 32-bit, ascending. */
    private final int[] points;
    /** shards[i] is the shard index owning points[i]. */
    private final int[] shards;

    private Ketama(int[] points, int[] shards) {
        this.points = points;
        this.shards = shards;
    }

    static Ketama of(List<Member> members) {
        List<Member> ordered = Member.inNutcrackerOrder(members);
        long totalWeight = Member.totalWeight(ordered);
        int[] counts = new int[ordered.size()];
        int total = 0;
        for (int m = 0; m < ordered.size(); m++) {
            counts[m] = pointsPerServer(ordered.get(m).weight(), totalWeight, ordered.size());
            total += counts[m];
        }
        // Each sort key is the point's value with its sign bit flipped (so signed order is unsigned
        // order) in the high half, and its visiting sequence in the low half (so ties stay stable).
        long[] keys = new long[total];
        int[] owners = new int[total];
        Md5 md5 = new Md5();
        int seq = 0;
        for (int m = 0; m < ordered.size(); m++) {
            byte[] name = ordered.get(m).nameBytes();
            for (int i = 0; i < counts[m] / POINTS_PER_HASH; i++) {
                byte[] pointName = pointName(name, i);
                md5.digest(Unpooled.wrappedBuffer(pointName), 0, pointName.length);
                for (int word = 0; word < POINTS_PER_HASH; word++, seq++) {
                    keys[seq] = ((long) (md5.word(word) ^ Integer.MIN_VALUE) << 32) | seq;
                    owners[seq] = ordered.get(m).shard();
                }
            }
        }
        Arrays.sort(keys);
        int[] points = new int[total];
        int[] shards = new int[total];
        for (int i = 0; i < total; i++) {
            points[i] = (int) (keys[i] >>> 32) ^ Integer.MIN_VALUE;
            shards[i] = owners[(int) keys[i]];
        }
        return new Ketama(points, shards);
    }

    /** nutcracker's formula, float by float: C's {@code floorf((float) (pct * 160 / 4 * n + 1e-10)) * 4}. */
    static int pointsPerServer(int weight, long totalWeight, int servers) {
        float share = (float) weight / (float) totalWeight;
        float quarterPoints = share * POINTS_PER_SERVER / POINTS_PER_HASH * (float) servers;
        float nudged = (float) ((double) quarterPoints + NUDGE);
        return (int) ((float) Math.floor(nudged) * POINTS_PER_HASH);
    }

    /** {@code "<name>-<i>"}, cut to what nutcracker's buffer holds. */
    static byte[] pointName(byte[] name, int i) {
        byte[] suffix = ("-" + i).getBytes(StandardCharsets.US_ASCII);
        byte[] pointName = Arrays.copyOf(name, Math.min(name.length + suffix.length, MAX_POINT_NAME_BYTES));
        if (name.length < pointName.length) {
            System.arraycopy(suffix, 0, pointName, name.length, pointName.length - name.length);
        }
        return pointName;
    }

    @Override
    public int shardFor(long hash) {
        int h = (int) hash;
        int low = 0;
        int high = points.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (Integer.compareUnsigned(points[middle], h) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return shards[low == points.length ? 0 : low];
    }

    @Override
    public boolean usesHash() {
        return true;
    }

    /** How many ring points each shard owns; for tests. */
    int pointsOf(int shard) {
        int count = 0;
        for (int owner : shards) {
            count += owner == shard ? 1 : 0;
        }
        return count;
    }
}
