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

    /** The -o file, or null when logging goes to stderr. */
    private static LogFile logFile;
    /** --log-format json: every line written to stderr (and so to the -o file) becomes one JSON object. */
    private static boolean json;

    /**
     * As {@link #configure(int, String)}, in {@code format} {@code text} or {@code json}; false
     * (after saying why) when the format is neither. The -o file opens later, in {@link #openFile}.
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
        json = true;
        // slf4j-simple writes to System.err; the stream turns each of its lines into one JSON object
        System.setErr(new JsonLogStream(System.err));
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "true");
        configure(level, null);
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", JsonLogStream.DATE_FORMAT);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        return true;
    }

    /**
     * Sets the level and the output. With a file the logger writes to System.err (looked up at
     * every line), which {@link #openFile} then points at the file, so that {@link #reopen()} can
     * switch files under it.
     */
    static void configure(int level, String file) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", slf4jLevel(level));
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn");
        if (file != null) {
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        }
    }

    /**
     * From here on stderr, and so the log, goes to {@code file} (appended to, as nutcracker does);
     * called once the config has loaded, so that an invalid file is still reported on the terminal.
     */
    static void openFile(String file) throws java.io.IOException {
        if (file != null) {
            logFile = new LogFile(java.nio.file.Path.of(file));
            java.io.PrintStream out = new java.io.PrintStream(logFile, true, java.nio.charset.StandardCharsets.UTF_8);
            System.setErr(json ? new JsonLogStream(out) : out);
        }
    }

    /** Reopens the -o file (SIGHUP, as nutcracker); nothing without one. */
    static void reopen() throws java.io.IOException {
        if (logFile != null) {
            logFile.reopen();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
