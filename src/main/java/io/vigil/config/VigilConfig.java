package io.vigil.config;

import java.nio.file.Path;
import java.util.List;

/** A whole config file: its pools in file order. */
public record VigilConfig(Path source, List<PoolConfig> pools) {

    public VigilConfig {
        pools = List.copyOf(pools);
    }
}
