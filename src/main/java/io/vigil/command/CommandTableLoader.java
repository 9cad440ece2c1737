package io.vigil.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code commands.tsv}, written by {@code scripts/gen-command-table.py}. One line per
 * command or subcommand, five tab-separated columns (the file's header says the same):
 * <pre>
 * name  arity  flags  acl  keyspecs
 * get   2      readonly,fast  read,string,fast  RO,access/index:1/range:0:1:0
 * </pre>
 * {@code -} stands for an empty list. Key specs are space-separated {@code flags/begin/find} with
 * begin {@code index:<pos>}, {@code keyword:<word>:<startfrom>} or {@code unknown}, and find
 * {@code range:<lastkey>:<step>:<limit>}, {@code keynum:<keynumidx>:<firstkey>:<step>} or
 * {@code unknown}. Lines starting with {@code #} are comments; the first names the Redis version.
 */
final class CommandTableLoader {

    static final String RESOURCE = "commands.tsv";
    private static final Pattern VERSION = Pattern.compile("of Redis ([0-9][0-9A-Za-z.-]*[0-9A-Za-z])");

    private CommandTableLoader() {
    }

    static CommandTable loadResource(String name) {
        try (InputStream in = CommandTableLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("command table resource missing: io/vigil/command/" + name);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException("reading command table " + name, e);
        }
    }

    /** Parses a whole table; a bad line fails with {@code source:line: what (expected: …)}. */
    static CommandTable parse(Reader reader, String source) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        String version = "unknown";
        List<CommandSpec> specs = new ArrayList<>();
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.startsWith("#")) {
                Matcher m = VERSION.matcher(line);
                if (m.find() && version.equals("unknown")) {
                    version = m.group(1);
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                specs.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(source + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return new CommandTable(version, specs);
    }

    static CommandSpec parseLine(String line) {
        String[] cols = line.split("\t", -1);
        if (cols.length != 5) {
            throw new IllegalArgumentException("columns: " + cols.length + " (expected: 5, tab-separated)");
        }
        String name = cols[0].toLowerCase(Locale.ROOT);
        int arity = number(cols[1], "arity");
        List<KeySpec> keySpecs = new ArrayList<>();
        for (String spec : list(cols[4], " ")) {
            keySpecs.add(keySpec(spec));
        }
        return new CommandSpec(name, arity, Set.copyOf(list(cols[2], ",")), Set.copyOf(list(cols[3], ",")),
                keySpecs, GetKeysProc.forCommand(name));
    }

    private static KeySpec keySpec(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("key spec: " + text + " (expected: flags/begin/find)");
        }
        return new KeySpec(Set.copyOf(list(parts[0], ",")), begin(parts[1]), find(parts[2]));
    }

    private static KeySpec.BeginSearch begin(String text) {
        String[] f = text.split(":", -1);
        if (f[0].equals("index") && f.length == 2) {
            return new KeySpec.Index(number(f[1], "index"));
        }
        if (f[0].equals("keyword") && f.length == 3 && !f[1].isEmpty()) {
            return new KeySpec.Keyword(f[1].toLowerCase(Locale.ROOT), number(f[2], "startfrom"));
        }
        if (text.equals("unknown")) {
            return new KeySpec.UnknownBegin();
        }
        throw new IllegalArgumentException(
                "begin_search: " + text + " (expected: index:<pos>, keyword:<word>:<startfrom> or unknown)");
    }

    private static KeySpec.FindKeys find(String text) {
        String[] f = text.split(":", -1);
        if (f[0].equals("range") && f.length == 4) {
            return new KeySpec.Range(number(f[1], "lastkey"), step(f[2]), number(f[3], "limit"));
        }
        if (f[0].equals("keynum") && f.length == 4) {
            return new KeySpec.KeyNum(number(f[1], "keynumidx"), number(f[2], "firstkey"), step(f[3]));
        }
        if (text.equals("unknown")) {
            return new KeySpec.UnknownFind();
        }
        throw new IllegalArgumentException("find_keys: " + text
                + " (expected: range:<lastkey>:<step>:<limit>, keynum:<keynumidx>:<firstkey>:<step> or unknown)");
    }

    private static List<String> list(String column, String separator) {
        return column.equals("-") || column.isEmpty() ? List.of() : Arrays.asList(column.split(separator));
    }

    /** A zero step would never end the key loop. */
    private static int step(String text) {
        int step = number(text, "step");
        if (step < 1) {
            throw new IllegalArgumentException("step: " + text + " (expected: 1 or more)");
        }
        return step;
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": " + text + " (expected: an integer)");
        }
    }
}
