package io.vigil.metrics;

import io.vigil.command.CommandSpec;

/** The latency class of a command, from its flags in the command table: a handful of values. */
enum CommandClass {
    READ, WRITE, BLOCKING, PUBSUB, ADMIN, OTHER, UNKNOWN;

    final String label = name().toLowerCase(java.util.Locale.ROOT);

    static CommandClass of(CommandSpec spec) {
        if (spec == null) {
            return UNKNOWN;
        } else if (spec.isBlocking()) {
            return BLOCKING;
        } else if (spec.isPubsub()) {
            return PUBSUB;
        } else if (spec.isAdmin()) {
            return ADMIN;
        } else if (spec.isWrite()) {
            return WRITE;
        } else if (spec.isReadonly()) {
            return READ;
        }
        return OTHER;
    }
}
