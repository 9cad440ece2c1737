package io.vigil.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A whole config file: its pools in file order. {@code source} is the file it came from, or null. */
public record VigilConfig(Path source, List<PoolConfig> pools) {

    public VigilConfig {
        pools = List.copyOf(pools);
    }

    /** The pool named {@code name} in the file, if there is one. */
    public Optional<PoolConfig> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
