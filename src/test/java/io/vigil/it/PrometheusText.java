package io.vigil.it;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be
 * a HELP, a TYPE or a sample; every sample must belong to a family declared by a TYPE line before
 * it (histograms: {@code _bucket}, {@code _sum}, {@code _count}); label names and values must be
 * well-formed and escaped; values must be Go-parsable floats; a series may appear only once; a
 * histogram's buckets must be cumulative and end with {@code le="+Inf"} equal to its count.
 * Series come back keyed {@code name{a="x",b="y"}} with labels sorted by name.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("^# HELP (" + NAME + ") (.*)$");
    private static final Pattern TYPE = Pattern.compile(
            "^# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)$");
    private static final Pattern SAMPLE = Pattern.compile("^(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("^([+-]?Inf|NaN|[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)$");

    private PrometheusText() {
    }

    static Map<String, Double> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Double> series = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                if (n < text.split("\n", -1).length) {
                    throw new AssertionError("line " + n + ": empty line inside the exposition");
                }
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                continue;
            }
            if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": family " + m.group(1) + " declared twice");
                }
                continue;
            }
            if (line.startsWith("#")) {
                throw new AssertionError("line " + n + ": not HELP or TYPE: " + line);
            }
            if (!(m = SAMPLE.matcher(line)).matches()) {
                throw new AssertionError("line " + n + ": not a sample: " + line);
            }
            String name = m.group(1);
            if (family(name, types) == null) {
                throw new AssertionError("line " + n + ": sample of no declared family: " + line);
            }
            Map<String, String> labels = labels(m.group(3), n);
            if (!FLOAT.matcher(m.group(4)).matches()) {
                throw new AssertionError("line " + n + ": value is not a float: " + line);
            }
            String key = key(name, labels);
            if (series.put(key, value(m.group(4))) != null) {
                throw new AssertionError("line " + n + ": series twice: " + key);
            }
        }
        checkHistograms(types, series);
        return series;
    }

    static String key(String name, Map<String, String> labels) {
        StringBuilder b = new StringBuilder(name);
        if (!labels.isEmpty()) {
            b.append('{');
            labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append(e.getKey()).append("=\"").append(e.getValue()).append("\","));
            b.setLength(b.length() - 1);
            b.append('}');
        }
        return b.toString();
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count", "_created"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String t = types.get(base);
                if ("histogram".equals(t) || "summary".equals(t)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String text, int line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("line " + line + ": bad labels: {" + text + "}");
            }
            if (labels.put(m.group(1), m.group(2)) != null) {
                throw new AssertionError("line " + line + ": label twice: " + m.group(1));
            }
            at = m.end();
        }
        return labels;
    }

    private static double value(String v) {
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /** Buckets of each histogram series non-decreasing, the +Inf bucket equal to _count. */
    private static void checkHistograms(Map<String, String> types, Map<String, Double> series) {
        Map<String, Double> lastBucket = new HashMap<>();
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            String name = brace < 0 ? key : key.substring(0, brace);
            if (!name.endsWith("_bucket") || !"histogram".equals(types.get(name.substring(0, name.length() - 7)))) {
                continue;
            }
            String rest = key.substring(brace).replaceAll("le=\"[^\"]*\",?", "").replace(",}", "}");
            String group = name + rest;
            Double before = lastBucket.put(group, e.getValue());
            if (before != null && e.getValue() < before) {
                throw new AssertionError("histogram buckets not cumulative at " + key);
            }
            if (key.contains("le=\"+Inf\"")) {
                String count = name.substring(0, name.length() - 7) + "_count" + (rest.equals("{}") ? "" : rest);
                if (!e.getValue().equals(series.get(count))) {
                    throw new AssertionError(key + " = " + e.getValue() + " but " + count + " = " + series.get(count));
                }
            }
        }
    }
}
