package io.vigil.config;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Turns YAML text into plain maps, lists and strings. {@link TextSchema} leaves every scalar a
 * string, so that the parsers read numbers and booleans themselves, from the text, as nutcracker
 * does. A syntax error names the file, line and column ({@code conf/x.yml:3:7: …}, both from 1).
 */
final class YamlReader {

    /** Enough aliases for any honest config, few enough to stop an alias bomb. */
    static final int MAX_ALIASES = 50;

    private YamlReader() {
    }

    /** The document's root value (null for an empty document), placed at {@code file} for errors. */
    static YamlNode read(String yaml, String file) throws ConfigException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new TextSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .build();
        try {
            return YamlNode.root(file, new Load(settings).loadFromString(yaml));
        } catch (MarkedYamlEngineException e) {
            throw new ConfigException(where(file, e) + ": YAML syntax error: " + problem(e), e);
        } catch (YamlEngineException e) {
            throw new ConfigException(file + ": YAML error: " + e.getMessage(), e);
        }
    }

    private static String where(String file, MarkedYamlEngineException e) {
        Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
        return mark == null ? file : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** The problem, and its context when there is one ("while scanning a simple key"). */
    private static String problem(MarkedYamlEngineException e) {
        String context = e.getContext();
        return context == null || context.isEmpty() ? e.getProblem() : e.getProblem() + " (" + context + ")";
    }
}
