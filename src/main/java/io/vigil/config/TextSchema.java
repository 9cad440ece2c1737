package io.vigil.config;

import java.util.HashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * A YAML schema in which every plain scalar is a string, the empty one included, as nutcracker's
 * parser sees them. SnakeYAML's own failsafe schema still tags empty values as null and
 * {@code ${NAME}} as an environment variable, and then has no constructor for either.
 */
final class TextSchema implements Schema {

    private static final ScalarResolver ALL_STRINGS = (value, implicit) -> Tag.STR;

    private final Schema failsafe = new FailsafeSchema();

    @Override
    public ScalarResolver getScalarResolver() {
        return ALL_STRINGS;
    }

    /** The failsafe constructors, plus null for a file with no document at all (only comments). */
    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
        Map<Tag, ConstructNode> constructors = new HashMap<>(failsafe.getSchemaTagConstructors());
        constructors.put(Tag.NULL, node -> null);
        return constructors;
    }
}
