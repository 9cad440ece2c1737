package io.vigil.server;

/**
 * Every error Vigil makes up for a client, in one place. Each starts with the code a Redis client
 * maps to an exception, and keeps the wording Redis itself uses where Redis has such an error.
 */
final class ProxyReplies {

    private ProxyReplies() {
    }

    static final String NOAUTH = "NOAUTH Authentication required.";
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String AUTH_NOT_CONFIGURED = "ERR AUTH <password> called without any password configured "
            + "for the default user. Are you sure your configuration is correct?";
    static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
            + "select the RESP protocol version at the same time";
    static final String NOPROTO = "NOPROTO unsupported protocol version";
    static final String MAX_CLIENTS = "ERR max number of clients reached";
    static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    static final String SYNTAX = "ERR syntax error";
    static final String BAD_CLIENT_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

    static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same shard";
    static final String CROSSSLOT_TRANSACTION = "CROSSSLOT Keys in a transaction must all hash to one shard; "
            + "the transaction is discarded";
    static final String CROSSSHARD_PINNED = "CROSSSLOT Vigil: this client already holds a connection to another "
            + "shard (a transaction or WATCH); finish it first";

    static String wrongArgs(String command) {
        return "ERR wrong number of arguments for '" + command + "' command";
    }

    static String unsupported(String command) {
        return "ERR Vigil does not support '" + command + "': it would change a backend connection that other "
                + "clients share";
    }

    static String masterDown(String shard, long holdNanos) {
        return "MASTERDOWN Vigil: shard '" + shard + "' has no verified master (waited "
                + holdNanos / 1_000_000 + " ms for a failover to finish)";
    }

    static String unrecognizedOption(String option) {
        return "ERR Unrecognized option '" + option + "'";
    }

    static String helloSyntax(String option) {
        return "ERR Syntax error in HELLO option '" + option + "'";
    }
}
