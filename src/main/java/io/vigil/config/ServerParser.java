package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one entry of a pool's {@code servers} list. The forms, and what each means, are listed on
 * {@link ServerConfig}; which ones a pool takes depends on whether it has {@code sentinels}: a pool
 * with sentinels has only Sentinel shards, so that a shard the user meant Sentinel to manage is
 * never quietly treated as static.
 */
final class ServerParser {

    static final String TWEMPROXY_FORM = "host:port:weight [name]";
    static final String SENTINEL_FORM = "a Sentinel master name, or host:port:weight name";
    static final List<String> MAPPING_KEYS = List.of("name", "master", "replicas", "weight");

    /**
     * nutcracker leaves the port out of a server's ketama name when it is 11211, to hash like
     * libmemcached (nc_conf.c, conf_add_server, CONF_DEFAULT_KETAMA_PORT).
     */
    static final String LIBMEMCACHED_PORT = "11211";

    private final boolean sentinelPool;

    ServerParser(boolean sentinelPool) {
        this.sentinelPool = sentinelPool;
    }

    ServerConfig parse(YamlNode entry) throws ConfigException {
        if (entry.isMap()) {
            return mapping(entry);
        }
        String text = entry.text(sentinelPool ? SENTINEL_FORM : TWEMPROXY_FORM);
        if (!text.isEmpty() && text.chars().noneMatch(c -> c == ':' || c <= ' ')) {
            return bareName(entry, text);
        }
        return twemproxy(entry, text);
    }

    private ServerConfig bareName(YamlNode entry, String name) throws ConfigException {
        if (!sentinelPool) {
            throw entry.invalid(TWEMPROXY_FORM
                    + "; a bare name is a Sentinel master name and needs 'sentinels' in the pool");
        }
        return new ServerConfig(name, 1, null, List.of(), name);
    }

    /**
     * {@code host:port:weight [name]}, split from the end as nutcracker does: the name after the
     * last space, then the weight after the last colon, then the port after the one before.
     */
    private ServerConfig twemproxy(YamlNode entry, String text) throws ConfigException {
        String expected = sentinelPool ? SENTINEL_FORM : TWEMPROXY_FORM;
        if (text.startsWith("/")) {
            throw entry.invalid(expected + "; unix socket paths are not supported");
        }
        int space = text.lastIndexOf(' ');
        String name = space < 0 ? null : text.substring(space + 1);
        String address = space < 0 ? text : text.substring(0, space);
        int weightColon = address.lastIndexOf(':');
        if ((name != null && name.isEmpty()) || weightColon < 0) {
            throw entry.invalid(expected);
        }
        int weight = weight(address.substring(weightColon + 1));
        String hostPort = address.substring(0, weightColon);
        int portColon = hostPort.lastIndexOf(':');
        if (portColon < 0) {
            throw entry.invalid(expected + "; the weight is required, as in '" + address + ":1'");
        }
        if (weight < 1) {
            throw entry.invalid(expected + "; the weight is an integer >= 1");
        }
        Endpoint endpoint = Addresses.endpoint(entry, hostPort, expected);
        if (sentinelPool) {
            if (name == null) {
                throw entry.invalid(expected);
            }
            return new ServerConfig(name, weight, endpoint, List.of(), name);
        }
        return new ServerConfig(name != null ? name : ketamaName(hostPort), weight, endpoint, List.of(), null);
    }

    /** {@code {name, master, replicas, weight}}: a static master with static replicas. */
    private ServerConfig mapping(YamlNode entry) throws ConfigException {
        if (sentinelPool) {
            throw entry.invalid(SENTINEL_FORM + "; in a pool with sentinels, Sentinel names the replicas");
        }
        YamlMap map = YamlMap.of(entry, "a mapping", MAPPING_KEYS);
        YamlNode masterNode = map.require("master", Addresses.HOST_PORT);
        Endpoint master = Addresses.endpoint(masterNode);
        List<Endpoint> replicas = new ArrayList<>();
        YamlNode replicaList = map.get("replicas");
        if (replicaList != null) {
            for (YamlNode replica : replicaList.items("a list of " + Addresses.HOST_PORT)) {
                replicas.add(Addresses.endpoint(replica));
            }
        }
        String name = map.textOrNull("name", "a non-empty name");
        int weight = map.intOr("weight", 1, 1, Integer.MAX_VALUE);
        return new ServerConfig(name != null ? name : ketamaName(masterNode.text()), weight, master, replicas, null);
    }

    /** What nutcracker hashes for a server with no name: {@code host:port} as written, or the host alone on 11211. */
    static String ketamaName(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return hostPort.substring(colon + 1).equals(LIBMEMCACHED_PORT) ? hostPort.substring(0, colon) : hostPort;
    }

    /** A weight of at least 1 from decimal digits, else -1 (nutcracker refuses 0 too). */
    private static int weight(String digits) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int weight = Integer.parseInt(digits);
        return weight >= 1 ? weight : -1;
    }
}
