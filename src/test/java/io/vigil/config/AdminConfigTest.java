package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminConfigTest {

    static final String POOL = "alpha:\n  listen: 127.0.0.1:22121\n  servers:\n    - 127.0.0.1:6379:1\n";

    @Test
    void theAdminKeyIsTheListenerAndAPortAloneIsLoopback() throws ConfigException {
        VigilConfig c = ConfigLoader.parse(POOL + "admin:\n  listen: 9121\n", Path.of("a.yml"));
        assertThat(c.admin().listen()).isEqualTo(new Endpoint("127.0.0.1", 9121));
        assertThat(c.pools()).extracting(PoolConfig::name).containsExactly("alpha");
        assertThat(ConfigLoader.parse(POOL + "admin:\n  listen: 0.0.0.0:9121\n", Path.of("a.yml")).admin().listen())
                .isEqualTo(new Endpoint("0.0.0.0", 9121));
    }

    @Test
    void withoutTheKeyThereIsNoAdminListenerAndAPoolNamedAdminStaysAPool() throws ConfigException {
        assertThat(ConfigLoader.parse(POOL, Path.of("a.yml")).admin()).isNull();
        VigilConfig c = ConfigLoader.parse(POOL.replace("alpha", "admin").replace("22121", "22122"), Path.of("a.yml"));
        assertThat(c.admin()).isNull();
        assertThat(c.pools()).extracting(PoolConfig::name).containsExactly("admin");
    }

    @Test
    void anUnknownAdminKeyIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse(POOL + "admin:\n  lisen: 9121\n", Path.of("a.yml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin").hasMessageContaining("lisen");
    }
}
