package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md must not lie: every example marked {@code <!-- full config -->} loads, and
 * every pool key the loader knows is documented under its own heading.
 */
class ConfigDocsTest {

    /** Maven runs tests in the project directory. */
    private static final Path DOC = Path.of("docs", "configuration.md");

    /** The marker line, then a fenced yaml block. */
    private static final Pattern FULL_EXAMPLE =
            Pattern.compile("<!-- full config -->\\s*\\n```yaml\\n(.*?)\\n```", Pattern.DOTALL);

    private static List<String> fullExamples() throws IOException {
        Matcher m = FULL_EXAMPLE.matcher(Files.readString(DOC));
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            examples.add(m.group(1));
        }
        return examples;
    }

    @Test
    void loadsEveryFullConfigExample() throws Exception {
        List<String> examples = fullExamples();
        assertThat(examples).as("full config examples in " + DOC).hasSizeGreaterThanOrEqualTo(4);
        for (int i = 0; i < examples.size(); i++) {
            String example = examples.get(i);
            VigilConfig config = ConfigLoader.parse(example, Path.of(DOC + "#example-" + (i + 1)));
            assertThat(config.pools()).as("example %d", i + 1).isNotEmpty();
        }
    }

    @Test
    void documentsEveryKeyTheLoaderKnows() throws IOException {
        String doc = Files.readString(DOC);
        List<String> keys = new ArrayList<>(PoolKeys.ALL);
        keys.addAll(LimitsParser.KEYS);
        for (String key : keys) {
            assertThat(doc).as("a heading for " + key).contains("### `" + key + "`");
        }
    }
}
