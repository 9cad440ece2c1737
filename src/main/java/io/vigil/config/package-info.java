/**
 * The config file: YAML in the shape of twemproxy's {@code nutcracker.yml}, loaded, validated and
 * turned into immutable records ({@link io.vigil.config.VigilConfig}, {@link io.vigil.config.PoolConfig},
 * {@link io.vigil.config.ServerConfig}, {@link io.vigil.config.Limits}). Every rule is checked at
 * load, and every error names the file, the pool, the key and what was expected, so that a config
 * that loads is one the rest of Vigil can use without checking it again.
 *
 * <p>Layout: {@link io.vigil.config.ConfigLoader} is the entry point; {@code YamlReader} turns text
 * into plain maps, lists and strings; {@code YamlNode} and {@code YamlMap} walk that tree and know
 * their path for error messages; {@code PoolParser}, {@code ServerParser}, {@code LimitsParser} and
 * {@code Addresses} read one part each.
 *
 * <p>This package depends on SnakeYAML Engine and the JDK only. It must not depend on any other
 * Vigil package: every other package reads config, none is read by it.
 */
package io.vigil.config;
