package io.vigil.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz test of the config loader: any text either loads or is refused with a
 * {@link ConfigException} that names the file; nothing else escapes (no NullPointerException,
 * ClassCastException, stack overflow on deep YAML nesting, or out-of-memory on an alias bomb).
 * Replays {@code src/test/resources/io/vigil/config/ConfigLoaderFuzzTestInputs/loadsOrExplains/}
 * in {@code mvn verify}; fuzzes with {@code JAZZER_FUZZ=1} (docs/fuzzing.md).
 */
class ConfigLoaderFuzzTest {

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "20m")
    void loadsOrExplains(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        try {
            VigilConfig config = ConfigLoader.parse(yaml, Path.of("fuzz.yml"));
            assertThat(config.pools()).isNotNull();
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.yml");
        }
    }
}
