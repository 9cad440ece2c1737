package io.vigil.routing;

import java.util.List;

/** The twelve hash functions of nutcracker 0.5, by the names its config file uses. */
public final class HashFunctions {

    /** nutcracker's names, in its order (nc_hashkit.h, HASH_CODEC). */
    public static final List<String> NAMES = List.of("one_at_a_time", "md5", "crc16", "crc32", "crc32a",
            "fnv1_64", "fnv1a_64", "fnv1_32", "fnv1a_32", "hsieh", "murmur", "jenkins");

    private HashFunctions() {
    }

    /**
     * The function nutcracker calls {@code name}.
     *
     * @throws IllegalArgumentException when nutcracker has no function of that name
     */
    public static HashFunction named(String name) {
        return switch (name) {
            case "one_at_a_time" -> OneAtATime.INSTANCE;
            case "md5" -> Md5Hash.INSTANCE;
            case "crc16" -> Crc16.INSTANCE;
            case "crc32" -> Crc32.CRC32;
            case "crc32a" -> Crc32.CRC32A;
            case "fnv1_64" -> Fnv.FNV1_64;
            case "fnv1a_64" -> Fnv.FNV1A_64;
            case "fnv1_32" -> Fnv.FNV1_32;
            case "fnv1a_32" -> Fnv.FNV1A_32;
            case "hsieh" -> Hsieh.INSTANCE;
            case "murmur" -> Murmur.INSTANCE;
            case "jenkins" -> Jenkins.INSTANCE;
            default -> throw new IllegalArgumentException("hash: '" + name + "' (expected: one of " + NAMES + ")");
        };
    }
}
