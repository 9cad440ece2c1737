package io.vigil.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole config file: its pools in file order. {@code source} is the file it came from, or null;
 * {@code admin} the admin listener, or null when the file asks for none.
 */
public record VigilConfig(Path source, List<PoolConfig> pools, AdminConfig admin) {

    public VigilConfig {
        pools = List.copyOf(pools);
    }

    public VigilConfig(Path source, List<PoolConfig> pools) {
        this(source, pools, null);
    }

    /** The pool named {@code name} in the file, if there is one. */
    public Optional<PoolConfig> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
