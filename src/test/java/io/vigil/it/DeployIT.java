package io.vigil.it;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.sandbox.SentinelNode;
import io.vigil.server.VigilServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of deploy/ without Docker or a cluster: the Kubernetes manifests validate
 * offline against the API schemas (npm's kubernetes-models, installed by the script on first
 * use), their Vigil config loads, and docker-compose.yml's Vigil config serves the topology the
 * compose file describes when that topology runs on loopback.
 */
class DeployIT {

    static final Path DEPLOY = Path.of("deploy");
    static final Path WORK = Path.of(System.getProperty("vigil.build", "target"), "deploy-test");

    @Test
    void kubernetesManifestsValidateAgainstTheApiSchemas() throws Exception {
        ProxyProcess.Result r = ProxyProcess.run(List.of("sh", DEPLOY.resolve("test/validate-manifests.sh").toString(),
                DEPLOY.resolve("kubernetes").toString(), WORK.toString()));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("ok ConfigMap/vigil-config", "ok Deployment/vigil", "ok Service/vigil",
                "ok PodDisruptionBudget/vigil");
    }

    @Test
    void aManifestThatBreaksTheSchemaIsRejected(@TempDir Path dir) throws Exception {
        String deployment = Files.readString(DEPLOY.resolve("kubernetes/deployment.yaml"))
                .replace("containerPort: 6379", "containerPort: \"6379\"");
        Files.writeString(dir.resolve("deployment.yaml"), deployment);
        ProxyProcess.Result r = ProxyProcess.run(List.of("sh", DEPLOY.resolve("test/validate-manifests.sh").toString(),
                dir.toString(), WORK.toString()));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.output()).contains("invalid Deployment/vigil").contains("containerPort must be integer");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeploymentRunsTwoVigilsReadyOnHealthReadyWithAPreStopDrainAndALoadableConfig() throws Exception {
        Map<String, Object> configMap = yaml(DEPLOY.resolve("kubernetes/configmap.yaml"));
        String vigilYml = (String) ((Map<String, Object>) configMap.get("data")).get("vigil.yml");
        VigilConfig config = ConfigLoader.parse(vigilYml, Path.of("configmap.yaml#vigil.yml"));
        assertThat(config.pools().get(0).sentinels()).hasSize(3);

        Map<String, Object> deployment = yaml(DEPLOY.resolve("kubernetes/deployment.yaml"));
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        assertThat(spec.get("replicas")).isEqualTo(2);
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Map<String, Object> readiness = (Map<String, Object>) container.get("readinessProbe");
        assertThat(((Map<String, Object>) readiness.get("httpGet")).get("path")).isEqualTo("/health/ready");
        Map<String, Object> preStop = (Map<String, Object>) ((Map<String, Object>) container.get("lifecycle")).get("preStop");
        assertThat(String.join(" ", (List<String>) ((Map<String, Object>) preStop.get("exec")).get("command")))
                .contains("kill -TERM 1");
        long grace = ((Number) pod.get("terminationGracePeriodSeconds")).longValue();
        assertThat(Duration.ofSeconds(grace)).as("grace period covers the preStop wait and shutdown_timeout")
                .isGreaterThan(config.pools().get(0).shutdownTimeout().plusSeconds(5));
    }

    /**
     * The compose file's topology (a master, two replicas with --replicaof, three sentinels) runs
     * on loopback, and the very config file the compose file mounts into Vigil serves it, with only
     * the container names replaced by loopback addresses.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theComposeFilesVigilConfigServesTheComposeTopology() throws Exception {
        Map<String, Object> compose = yaml(DEPLOY.resolve("docker-compose.yml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services.keySet()).containsExactlyInAnyOrder("redis-master", "redis-replica-1", "redis-replica-2",
                "sentinel-1", "sentinel-2", "sentinel-3", "vigil");
        for (String replica : List.of("redis-replica-1", "redis-replica-2")) {
            assertThat((List<String>) services.get(replica).get("command")).containsSequence("--replicaof", "redis-master");
        }
        for (int i = 1; i <= 3; i++) {
            assertThat(String.join(" ", (List<String>) services.get("sentinel-" + i).get("command")))
                    .contains("sentinel monitor mymaster redis-master 6379 2");
        }
        String volume = ((List<String>) services.get("vigil").get("volumes")).get(0);
        assertThat(volume).endsWith(":/etc/vigil/vigil.yml:ro");
        Path configFile = DEPLOY.resolve(volume.substring(0, volume.indexOf(':')));
        assertThat(((Map<String, Object>) services.get("vigil").get("build")).get("dockerfile")).isEqualTo("deploy/Dockerfile");

        try (Sandbox sandbox = new Sandbox()) {
            RedisNode master = sandbox.startRedis();
            sandbox.startReplica(master);
            sandbox.startReplica(master);
            List<SentinelNode> sentinels = new ArrayList<>();
            String yaml = Files.readString(configFile).replace("0.0.0.0:6379", "127.0.0.1:0");
            for (int i = 1; i <= 3; i++) {
                SentinelNode s = sandbox.startSentinel("mymaster", master, 2, "sentinel down-after-milliseconds mymaster 2000");
                sentinels.add(s);
                yaml = yaml.replace("sentinel-" + i + ":26379", "127.0.0.1:" + s.port());
            }
            SentinelReadiness.awaitReady(sentinels, List.of("mymaster"), 2, Duration.ofSeconds(40));
            try (VigilServer vigil = VigilServer.start(ConfigLoader.parse(yaml, configFile), 1);
                 Jedis client = new Jedis("127.0.0.1", vigil.address("demo").getPort(), 20_000);
                 Jedis direct = new Jedis("127.0.0.1", master.port(), 10_000)) {
                assertThat(client.set("hello", "world")).isEqualTo("OK");
                assertThat(direct.get("hello")).isEqualTo("world");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws Exception {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }
}
