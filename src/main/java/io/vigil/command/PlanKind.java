package io.vigil.command;

/** What the proxy does with one request, decided from its command alone. */
public enum PlanKind {
    /** Send to the node the router picks, on the client's shared connection. */
    FORWARD,
    /** A command that may block the connection (BLPOP, WAIT, XREAD BLOCK…): a dedicated connection. */
    FORWARD_DEDICATED,
    MULTI, EXEC, DISCARD, WATCH, UNWATCH,
    /** SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE: the client's connection becomes a passthrough. */
    SUBSCRIBE,
    /** MONITOR: a passthrough too. */
    MONITOR,
    SELECT,
    /** Answered by Vigil itself. */
    PING, ECHO, QUIT, RESET, AUTH, HELLO,
    CLIENT_SETNAME, CLIENT_GETNAME, CLIENT_ID, CLIENT_SETINFO, CLIENT_REPLY,
    /** Would break the connection sharing that multiplexing relies on: refused with an error. */
    UNSUPPORTED
}
