package io.vigil.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a config file in the shape of twemproxy's {@code nutcracker.yml}: a mapping of pool name to
 * pool. Everything is checked here, so a {@link VigilConfig} that comes back is usable as it is;
 * docs/configuration.md lists every key.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Reads and validates {@code file} (UTF-8). */
    public static VigilConfig load(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(yaml, file);
    }

    /**
     * Validates {@code yaml} as if read from {@code source}, which only names it in errors and is
     * kept in the result; it may be null for text that has no file.
     */
    public static VigilConfig parse(String yaml, Path source) throws ConfigException {
        String file = source == null ? "<config>" : source.toString();
        YamlNode root = YamlReader.read(yaml, file);
        if (!root.isMap() && !root.isList() && (!root.isScalar() || root.text().isBlank())) {
            throw root.error("no pools (expected: a mapping of pool name to pool, as in nutcracker.yml)");
        }
        Map<?, ?> pools = root.rawMap("a mapping of pool name to pool, as in nutcracker.yml");
        if (pools.isEmpty()) {
            throw root.error("no pools (expected: a mapping of pool name to pool, as in nutcracker.yml)");
        }
        List<PoolConfig> parsed = new ArrayList<>(pools.size());
        AdminConfig admin = null;
        for (Map.Entry<?, ?> e : pools.entrySet()) {
            if (AdminConfig.isAdmin(e.getKey(), e.getValue())) {
                admin = AdminConfig.parse(YamlNode.root(file, e.getValue()).within("admin"));
                continue;
            }
            if (!(e.getKey() instanceof String name) || name.isEmpty()) {
                throw root.error("a pool name that is not a plain word (expected: a name such as 'alpha')");
            }
            parsed.add(PoolParser.parse(name, YamlNode.root(file, e.getValue()).within("pool '" + name + "'")));
        }
        if (parsed.isEmpty()) {
            throw root.error("no pools (expected: a mapping of pool name to pool, as in nutcracker.yml)");
        }
        ListenConflicts.check(file, parsed);
        return new VigilConfig(source, parsed, admin);
    }
}
