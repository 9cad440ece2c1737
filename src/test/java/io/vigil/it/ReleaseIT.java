package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The release tarball that {@code mvn package} makes, unpacked in an empty directory and run with
 * nothing on PATH but {@code java}: no Maven, no source tree, no shell tools. And the Dockerfile
 * that packs it.
 */
class ReleaseIT {

    /** Set by the failsafe configuration in pom.xml. */
    static final Path TARBALL = Path.of(System.getProperty("vigil.release", "target/vigil.tar.gz"));

    @Test
    void theUnpackedReleaseChecksItsExamplesAndServesWithOnlyJavaOnThePath(@TempDir Path dir) throws Exception {
        Path home = unpack(dir);
        Path bin = home.resolve("bin/vigil");
        assertThat(Files.getPosixFilePermissions(bin)).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(home.resolve("lib/vigil.jar")).exists();
        assertThat(Files.readString(home.resolve("systemd/vigil.service")))
                .contains("ExecReload=/bin/kill -HUP $MAINPID", "KillSignal=SIGTERM");
        for (String conf : List.of("vigil.yml", "sentinel.yml", "sharded.yml")) {
            ProcessBuilder check = javaOnly(dir, home, bin.toString(), "-t", "-c", "conf/" + conf);
            Process p = check.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).contains("conf/" + conf).contains("syntax is ok");
        }

        try (Sandbox sandbox = new Sandbox()) {
            RedisNode redis = sandbox.startRedis();
            int port = NutcrackerCompatibilityIT.freePort();
            Path conf = home.resolve("conf/test.yml");
            Files.writeString(conf, "test:\n  listen: 127.0.0.1:" + port + "\n  redis: true\n  servers:\n   - 127.0.0.1:"
                    + redis.port() + ":1 one\n");
            Process vigil = javaOnly(dir, home, bin.toString(), "-c", "conf/test.yml", "-o", "vigil.log")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("vigil.out").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", port, 2_000)) {
                        return "OK".equals(j.set("released", "yes"));
                    }
                });
                try (Jedis direct = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                    assertThat(direct.get("released")).isEqualTo("yes");
                }
                ProcessHandle.of(vigil.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM, by pid
                assertThat(vigil.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(vigil.exitValue()).isZero();
                assertThat(Files.readString(home.resolve("vigil.log"))).contains("draining");
            } finally {
                vigil.destroyForcibly();
            }
        }
    }

    /**
     * The Dockerfile unpacks this very tarball (its version is the build's) into /opt, links
     * /opt/vigil to it, and its entrypoint is the release's bin/vigil.
     */
    @Test
    void theDockerfilesEntrypointIsTheReleasesBinVigil(@TempDir Path dir) throws Exception {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        Matcher version = Pattern.compile("vigil-(.+)\\.tar\\.gz").matcher(TARBALL.getFileName().toString());
        assertThat(version.matches()).isTrue();
        assertThat(dockerfile).contains("ARG VERSION=" + version.group(1) + "\n");
        assertThat(dockerfile).contains("ADD target/vigil-${VERSION}.tar.gz /opt/");
        assertThat(dockerfile).contains("ln -s /opt/vigil-${VERSION} /opt/vigil");
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[\"([^\"]+)\"]$").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        assertThat(entrypoint.group(1)).isEqualTo("/opt/vigil/bin/vigil");
        Path home = unpack(dir);
        assertThat(home.getFileName().toString()).isEqualTo("vigil-" + version.group(1));
        assertThat(home.resolve("bin/vigil")).isExecutable();
        assertThat(home.resolve("conf/vigil.yml")).exists(); // the image's default /etc/vigil/vigil.yml
    }

    /** Unpacks the tarball into {@code dir} with tar: its one top-level folder. */
    private static Path unpack(Path dir) throws Exception {
        assertThat(TARBALL).as("mvn package makes the release tarball").exists();
        ProxyProcess.Result r = ProxyProcess.run(List.of("tar", "-xzf", TARBALL.toAbsolutePath().toString(), "-C",
                dir.toString()));
        assertThat(r.code()).as(r.output()).isZero();
        try (var entries = Files.list(dir)) {
            List<Path> top = entries.filter(Files::isDirectory).toList();
            assertThat(top).hasSize(1);
            return top.get(0);
        }
    }

    /** A command run in {@code home} whose PATH holds only a link to this JVM's java; no JAVA_HOME. */
    private static ProcessBuilder javaOnly(Path dir, Path home, String... command) throws Exception {
        Path path = dir.resolve("path-with-only-java");
        if (!Files.exists(path)) {
            Files.createDirectory(path);
            Files.createSymbolicLink(path.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", path.toString());
        env.put("VIGIL_JAVA_OPTS", "-Xmx256m");
        return pb;
    }
}
