package io.vigil.cli;

/**
 * Sets up SLF4J's simple logger from nutcracker's {@code -v} and {@code -o}. Must run before the
 * first logger is created, so nothing in the CLI holds a static logger.
 */
final class Logging {

    /** nutcracker's default verbosity (LOG_NOTICE). */
    static final int DEFAULT_LEVEL = 5;

    private Logging() {
    }

    /** Maps nutcracker's levels 0-11 to SLF4J's: up to 3 error, 4 warn, 5-6 info, 7-8 debug, 9+ trace. */
    static String slf4jLevel(int level) {
        if (level <= 3) {
            return "error";
        } else if (level == 4) {
            return "warn";
        } else if (level <= 6) {
            return "info";
        } else if (level <= 8) {
            return "debug";
        }
        return "trace";
    }

    /**
     * As {@link #configure(int, String)}, in {@code format} {@code text} or {@code json}; false
     * (after saying why) when the format is neither or the log file cannot be opened.
     */
    static boolean configure(int level, String file, String format) {
        if ("text".equals(format)) {
            configure(level, file);
            return true;
        }
        if (!"json".equals(format)) {
            System.err.println("vigil: --log-format: " + format + " (expected: text or json)");
            return false;
        }
        java.io.PrintStream target = System.err;
        if (file != null) {
            try {
                target = new java.io.PrintStream(new java.io.FileOutputStream(file, true), true,
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                System.err.println("vigil: -o " + file + ": cannot open: " + e.getMessage());
                return false;
            }
        }
        // slf4j-simple writes to System.err; the stream turns each of its lines into one JSON object
        System.setErr(new JsonLogStream(target));
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "true");
        configure(level, null);
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", JsonLogStream.DATE_FORMAT);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        return true;
    }

    static void configure(int level, String file) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", slf4jLevel(level));
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn");
        if (file != null) {
            System.setProperty("org.slf4j.simpleLogger.logFile", file);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
