package io.vigil.routing;

import io.vigil.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One server as a distribution sees it.
 *
 * @param shard the server's index in the pool's {@code servers} list, which is what
 *     {@link ShardMap#shardFor} answers
 * @param name what ketama hashes ({@link ServerConfig#name()}), as UTF-8 bytes when hashed
 * @param weight the server's share of points (ketama) or slots (modula)
 */
record Member(int shard, String name, int weight) {

    /**
     * The order nutcracker keeps a pool's servers in: it sorts them by name while checking the
     * config for duplicates (nc_conf.c, conf_validate_server) and never restores the file order.
     * Its name comparison (nc_string.c, string_compare) puts shorter names first and compares
     * names of equal length byte by byte, unsigned. modula's slots and the order of equal ketama
     * points follow this order, not the file's.
     */
    static final Comparator<Member> NUTCRACKER_ORDER = Comparator
            .comparingInt((Member m) -> m.nameBytes().length)
            .thenComparing(Member::nameBytes, Arrays::compareUnsigned);

    /** The servers of a pool, each with its index in {@code servers}. */
    static List<Member> of(List<ServerConfig> servers) {
        List<Member> members = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            ServerConfig server = servers.get(i);
            members.add(new Member(i, server.name(), server.weight()));
        }
        return members;
    }

    /** {@code members} sorted as nutcracker sorts its servers. */
    static List<Member> inNutcrackerOrder(List<Member> members) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(NUTCRACKER_ORDER);
        return sorted;
    }

    static long totalWeight(List<Member> members) {
        long total = 0;
        for (Member member : members) {
            total += member.weight();
        }
        return total;
    }

    byte[] nameBytes() {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
