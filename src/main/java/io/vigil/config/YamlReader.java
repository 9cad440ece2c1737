package io.vigil.config;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
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
    /**
     * Deepest nesting of lists and mappings. A Vigil config nests four deep; SnakeYAML builds
     * nested values recursively, and thousands of {@code [} would overflow the stack.
     */
    static final int MAX_DEPTH = 64;

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
            checkDepth(settings, yaml, file);
            return YamlNode.root(file, new Load(settings).loadFromString(yaml));
        } catch (MarkedYamlEngineException e) {
            throw new ConfigException(where(file, e) + ": YAML syntax error: " + problem(e), e);
        } catch (YamlEngineException e) {
            throw new ConfigException(file + ": YAML error: " + e.getMessage(), e);
        }
    }

    /** Walks the parser's events, which it makes without recursion, before anything is built. */
    private static void checkDepth(LoadSettings settings, String yaml, String file) throws ConfigException {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(yaml)) {
            switch (e.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        String at = e.getStartMark().map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
                        throw new ConfigException(file + at + ": YAML nested too deeply (expected: at most "
                                + MAX_DEPTH + " levels of lists and mappings)");
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> { }
            }
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
