package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A config in the shape of twemproxy's own {@code conf/nutcracker.yml} examples, loaded unchanged by
 * both the real {@code nutcracker} 0.5 and the {@code vigil} command, each started with nutcracker's
 * flags in a process of its own, in front of the same real Redis servers.
 */
class NutcrackerCompatibilityIT {

    static final String NUTCRACKER = "/usr/sbin/nutcracker";
    static final List<String> POOLS = List.of("alpha", "beta", "gamma");
    static final int KEYS_PER_POOL = 400;

    static final Sandbox sandbox = new Sandbox();
    static final List<RedisNode> backends = new ArrayList<>();
    /** Each pool's listen port, as written in the config file. */
    static final Map<String, Integer> listen = new LinkedHashMap<>();
    static Path dir;
    static Path conf;

    @BeforeAll
    static void start() throws IOException {
        for (int i = 0; i < 4; i++) {
            backends.add(sandbox.startRedis());
        }
        for (String pool : POOLS) {
            listen.put(pool, freePort());
        }
        dir = Files.createDirectory(sandbox.dir().resolve("proxies"));
        conf = dir.resolve("nutcracker.yml");
        Files.writeString(conf, exampleConfig());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void flush() {
        for (RedisNode n : backends) {
            n.call("FLUSHALL");
        }
    }

    /**
     * twemproxy's example pools, with its keys and its {@code host:port:weight [name]} servers: alpha
     * (ketama, auto-eject), beta (hash tag, modula, named servers), gamma (preconnect, backlog, two
     * connections per server). Three of the four backends appear in more than one pool.
     */
    static String exampleConfig() {
        return """
                alpha:
                  listen: 127.0.0.1:%d
                  hash: fnv1a_64
                  distribution: ketama
                  auto_eject_hosts: true
                  redis: true
                  server_retry_timeout: 2000
                  server_failure_limit: 1
                  servers:
                   - 127.0.0.1:%d:1
                   - 127.0.0.1:%d:1
                   - 127.0.0.1:%d:1

                beta:
                  listen: 127.0.0.1:%d
                  hash: fnv1a_64
                  hash_tag: "{}"
                  distribution: modula
                  auto_eject_hosts: false
                  timeout: 400
                  redis: true
                  servers:
                   - 127.0.0.1:%d:1 server1
                   - 127.0.0.1:%d:1 server2
                   - 127.0.0.1:%d:1 server3
                   - 127.0.0.1:%d:1 server4

                gamma:
                  listen: 127.0.0.1:%d
                  hash: fnv1a_64
                  distribution: ketama
                  timeout: 400
                  backlog: 1024
                  preconnect: true
                  redis: true
                  client_connections: 0
                  server_connections: 2
                  auto_eject_hosts: true
                  server_retry_timeout: 2000
                  server_failure_limit: 3
                  servers:
                   - 127.0.0.1:%d:1
                   - 127.0.0.1:%d:1
                """.formatted(listen.get("alpha"), port(0), port(1), port(2),
                listen.get("beta"), port(0), port(1), port(2), port(3),
                listen.get("gamma"), port(2), port(3));
    }

    private static int port(int backend) {
        return backends.get(backend).port();
    }

    @Test
    void nutcrackerAndVigilBothAcceptTheExampleConfigWithDashT() throws Exception {
        ProxyProcess.Result nutcracker = ProxyProcess.run(List.of(NUTCRACKER, "-t", "-c", conf.toString()));
        ProxyProcess.Result vigil = ProxyProcess.run(ProxyProcess.vigilCommand("-t", "-c", conf.toString()));
        assertThat(nutcracker.code()).as("nutcracker -t exit code; output: %s", nutcracker.output()).isZero();
        assertThat(nutcracker.output()).contains("syntax is ok");
        assertThat(vigil.code()).as("vigil -t exit code; output: %s", vigil.output()).isZero();
        assertThat(vigil.output()).contains("syntax is ok");
    }

    @Test
    void everyKeyLandsOnTheSameBackendThroughNutcrackerAndThroughVigil() throws Exception {
        Map<String, Map<String, Integer>> viaNutcracker;
        try (ProxyProcess nutcracker = ProxyProcess.nutcracker(conf, dir)) {
            nutcracker.awaitServing(listen.values());
            viaNutcracker = writeAndLocate();
        }
        flush();
        Map<String, Map<String, Integer>> viaVigil;
        try (ProxyProcess vigil = ProxyProcess.vigil(conf, dir)) {
            vigil.awaitServing(listen.values());
            assertThat(Files.readString(dir.resolve("vigil.pid")).trim()).as("vigil -p pid file")
                    .isEqualTo(Long.toString(vigil.pid()));
            viaVigil = writeAndLocate();
            assertThat(Files.readString(dir.resolve("vigil.log"))).as("vigil -o log file").contains("pool alpha listening");
        }
        for (String pool : POOLS) {
            Map<String, Integer> expected = viaNutcracker.get(pool);
            Map<String, Integer> actual = viaVigil.get(pool);
            assertThat(expected).as("keys of %s found on the backends after nutcracker", pool).hasSize(KEYS_PER_POOL);
            List<String> differ = expected.keySet().stream()
                    .filter(k -> !expected.get(k).equals(actual.get(k)))
                    .map(k -> k + ": nutcracker backend " + expected.get(k) + ", vigil backend " + actual.get(k))
                    .limit(10).toList();
            assertThat(differ).as("keys of pool %s placed differently", pool).isEmpty();
            assertThat(actual).as("keys of %s found on the backends after vigil", pool).hasSize(KEYS_PER_POOL);
        }
        // fnv1a_64 spreads short similar keys unevenly, so a pool need not use every backend
        assertThat(viaNutcracker.get("alpha").values()).as("backends alpha used").containsOnly(0, 1, 2);
        assertThat(viaNutcracker.get("beta").values()).as("backends beta used").containsOnly(0, 1, 2, 3);
        assertThat(viaNutcracker.get("gamma").values()).as("backends gamma used").containsOnly(2, 3);
        for (String pool : POOLS) {
            assertThat(viaNutcracker.get(pool).values().stream().distinct().count()).as("backends %s used", pool)
                    .isGreaterThanOrEqualTo(2);
        }
        for (int tag = 0; tag < 10; tag++) {
            Integer first = viaVigil.get("beta").get(taggedKey(2 * tag));
            for (int i = 2 * tag; i < KEYS_PER_POOL; i += 20) {
                assertThat(viaVigil.get("beta").get(taggedKey(i))).as("%s kept with %s by its hash tag", taggedKey(i), taggedKey(2 * tag))
                        .isEqualTo(first);
            }
        }
        assertThat(viaVigil.get("beta").entrySet().stream().filter(e -> e.getKey().contains("{")).map(Map.Entry::getValue).distinct().count())
                .as("backends holding beta's tagged keys").isGreaterThan(1);
    }

    @Test
    void commandsNutcrackerClosesTheConnectionOnAreAnsweredByVigilOnAnOpenConnection() throws Exception {
        // each command on a fresh connection, then a follow-up that needs the same connection
        Map<String, String> followUps = new LinkedHashMap<>();
        followUps.put("FOO", "PING");
        followUps.put("MULTI", "DISCARD");
        followUps.put("INFO", "PING");
        followUps.put("SELECT 0", "PING");
        followUps.put("CLIENT SETNAME app", "PING");
        followUps.put("CLIENT SETINFO lib-name jedis", "PING");
        followUps.put("KEYS *", "PING");
        followUps.put("SCAN 0", "PING");
        Map<String, String> nutcracker = new LinkedHashMap<>();
        Map<String, String> vigil = new LinkedHashMap<>();
        int port = listen.get("alpha");
        try (ProxyProcess p = ProxyProcess.nutcracker(conf, dir)) {
            p.awaitServing(listen.values());
            for (Map.Entry<String, String> e : followUps.entrySet()) {
                nutcracker.put(e.getKey(), exchange(port, e.getKey(), e.getValue()));
            }
        }
        try (ProxyProcess p = ProxyProcess.vigil(conf, dir)) {
            p.awaitServing(listen.values());
            for (Map.Entry<String, String> e : followUps.entrySet()) {
                vigil.put(e.getKey(), exchange(port, e.getKey(), e.getValue()));
            }
        }
        for (String command : followUps.keySet()) {
            System.out.printf("NUTCRACKER-DIFF %-30s nutcracker: %-8s vigil: %s%n", command, nutcracker.get(command), vigil.get(command));
        }
        for (String command : followUps.keySet()) {
            assertThat(nutcracker.get(command)).as("nutcracker 0.5 on %s", command).startsWith("closed");
            assertThat(vigil.get(command)).as("vigil on %s", command).doesNotContain("closed");
        }
        assertThat(vigil.get("FOO")).startsWith("-ERR unknown command");
        assertThat(vigil.get("MULTI")).isEqualTo("+OK then +OK");
        assertThat(vigil.get("SELECT 0")).isEqualTo("+OK then +PONG");
    }

    /** Writes each pool's keys through its listener, reads them back, and finds which backend holds each. */
    private static Map<String, Map<String, Integer>> writeAndLocate() {
        Map<String, Map<String, Integer>> located = new LinkedHashMap<>();
        for (String pool : POOLS) {
            List<String> keys = keysOf(pool);
            try (Jedis j = proxyClient(listen.get(pool))) {
                for (String k : keys) {
                    assertThat(j.set(k, "v-" + k)).isEqualTo("OK");
                }
                for (String k : keys) {
                    assertThat(j.get(k)).as("%s read back through the proxy", k).isEqualTo("v-" + k);
                }
            }
            Map<String, Integer> where = new TreeMap<>();
            for (int b = 0; b < backends.size(); b++) {
                try (Jedis direct = new Jedis("127.0.0.1", backends.get(b).port(), 10_000)) {
                    for (String k : direct.keys(pool + ":*")) {
                        Integer before = where.put(k, b);
                        assertThat(before).as("%s found on backends %s and %d", k, before, b).isNull();
                    }
                }
            }
            located.put(pool, where);
        }
        return located;
    }

    /**
     * Sequential keys ({@code alpha:key:7}) and scrambled ones ({@code alpha:9e3779b1:1}) in turn;
     * for beta, the even ones are hash-tagged instead, with ten tags in turn: {@code beta:{tag3}:6},
     * {@code beta:{tag3}:26}, ….
     */
    private static List<String> keysOf(String pool) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS_PER_POOL; i++) {
            if (i % 2 == 0) {
                keys.add(pool.equals("beta") ? taggedKey(i) : pool + ":key:" + i);
            } else {
                keys.add(pool + ":" + Integer.toHexString(i * 0x9E3779B1) + ":" + i);
            }
        }
        return keys;
    }

    private static String taggedKey(int i) {
        return "beta:{tag" + (i / 2) % 10 + "}:" + i;
    }

    /**
     * Sends {@code command}, then {@code followUp}, each as a RESP array of its words, on one new
     * connection, and describes what came back: {@code "<reply> then <reply>"}, where a reply is its
     * first line, or {@code "closed"} once the proxy has closed the connection.
     */
    private static String exchange(int port, String command, String followUp) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write(resp(command));
            out.flush();
            String first = RespText.read(in);
            if (first == null) {
                return "closed";
            }
            try {
                out.write(resp(followUp));
                out.flush();
            } catch (IOException reset) {
                return first + " then closed";
            }
            String second = RespText.read(in);
            return first + " then " + (second == null ? "closed" : second);
        }
    }

    private static byte[] resp(String command) {
        String[] words = command.split(" ");
        StringBuilder sb = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            sb.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Jedis connection to a proxy without the {@code CLIENT SETINFO} Jedis sends by default on
     * connect: nutcracker closes the connection on it (see the command table test).
     */
    static Jedis proxyClient(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).socketTimeoutMillis(10_000).build());
    }

    /**
     * A port free on 127.0.0.1 now, below Linux's ephemeral range (32768 and up): the ports are
     * written into a config file and bound later, and a port from the ephemeral range can be
     * taken meanwhile by any outgoing connection of the tests around.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port in 20000-31999 on 127.0.0.1 after 100 attempts");
    }
}
