package io.vigil.config;

import java.time.Duration;

/**
 * One class of Redis's {@code client-output-buffer-limit}: how many reply bytes Vigil may hold for
 * a client that does not read them. A client whose held bytes reach {@code hardBytes} is
 * disconnected at once; one that stays at or over {@code softBytes} for {@code softTime} is
 * disconnected then. {@code 0} turns a limit off, as in Redis.
 *
 * @param hardBytes disconnect at once at this many bytes; 0: no hard limit
 * @param softBytes disconnect after {@code softTime} at or over this many bytes; 0: no soft limit
 * @param softTime how long a client may stay over {@code softBytes}
 */
public record OutputLimit(long hardBytes, long softBytes, Duration softTime) {

    /** Redis's default for normal clients: no limit at all. */
    public static final OutputLimit NONE = new OutputLimit(0, 0, Duration.ZERO);

    public OutputLimit {
        if (hardBytes < 0 || softBytes < 0 || softTime == null || softTime.isNegative()) {
            throw new IllegalArgumentException("output limit: " + hardBytes + " " + softBytes + " " + softTime
                    + " (expected: bytes >= 0 and a time >= 0)");
        }
    }
}
