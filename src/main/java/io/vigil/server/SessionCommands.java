package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vigil.backend.BackendConnection;
import io.vigil.command.PlanKind;
import io.vigil.protocol.RespRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The commands Vigil answers itself because their state belongs to the client, not to a backend
 * connection that other clients share: AUTH, HELLO, PING, ECHO, SELECT's bookkeeping and the
 * CLIENT subcommands about the connection itself.
 */
final class SessionCommands {

    private SessionCommands() {
    }

    /** What an unauthenticated client may run, as in Redis (commands flagged no-auth). */
    static boolean allowedBeforeAuth(PlanKind kind) {
        return kind == PlanKind.AUTH || kind == PlanKind.HELLO || kind == PlanKind.QUIT || kind == PlanKind.RESET;
    }

    static void local(ClientSession s, PlanKind kind, RespRequest req) {
        ByteBuf reply = answer(s, kind, req);
        if (reply == null) {
            req.release(); // CLIENT REPLY OFF and SKIP answer nothing: no slot follows
        } else {
            s.local(req, reply);
        }
    }

    /** Whether Vigil answers {@code kind} itself, also when it was queued in a transaction. */
    static boolean isLocal(PlanKind kind) {
        return switch (kind) {
            case AUTH, HELLO, CLIENT_SETNAME, CLIENT_GETNAME, CLIENT_ID, CLIENT_SETINFO, CLIENT_REPLY, UNSUPPORTED -> true;
            default -> false;
        };
    }

    /**
     * Runs a command Vigil answers itself, changing the session's state as Redis would; returns
     * its reply, or null when it has none (CLIENT REPLY OFF and SKIP). The request stays the
     * caller's.
     */
    static ByteBuf answer(ClientSession s, PlanKind kind, RespRequest req) {
        ByteBufAllocator alloc = s.channel.alloc();
        int argc = req.argCount();
        switch (kind) {
            case PING:
                if (argc > 2) {
                    return s.errorBuf(ProxyReplies.wrongArgs("ping"));
                }
                return argc == 2 ? Replies.bulk(alloc, req.frame(), req.argIndex(1), req.argLength(1)) : Replies.simple(alloc, "PONG");
            case ECHO:
                return argc != 2 ? s.errorBuf(ProxyReplies.wrongArgs("echo"))
                        : Replies.bulk(alloc, req.frame(), req.argIndex(1), req.argLength(1));
            case AUTH:
                return auth(s, req);
            case HELLO:
                return hello(s, req);
            case CLIENT_SETNAME:
                if (argc != 3) {
                    return s.errorBuf(ProxyReplies.wrongArgs("client|setname"));
                }
                if (!validName(req.argBytes(2))) {
                    return s.errorBuf(ProxyReplies.BAD_CLIENT_NAME);
                }
                s.name = req.argLength(2) == 0 ? null : req.argString(2);
                return Replies.simple(alloc, "OK");
            case CLIENT_GETNAME:
                return s.name == null ? Replies.nullBulk(alloc, s.protocol) : Replies.bulk(alloc, s.name);
            case CLIENT_ID:
                return Replies.integer(alloc, s.id);
            case CLIENT_SETINFO:
                return clientSetInfo(s, req);
            case CLIENT_REPLY:
                return clientReply(s, req);
            case UNSUPPORTED:
                return s.errorBuf(ProxyReplies.unsupported(commandName(req)));
            default:
                throw new IllegalStateException("not a local command: " + kind);
        }
    }

    /** RESET: the client's connection state back to what a new connection has. */
    static void reset(ClientSession s) {
        if (s.dedicated != null) {
            s.dedicated.close();
            s.dedicated = null;
            Arrays.fill(s.current, null);
        }
        s.tx = TxState.NONE;
        s.queued.release();
        s.db = s.pool.config().redisDb();
        s.protocol = 2;
        s.name = null;
        s.replies.off = false;
        s.replies.skipNext = false;
        s.setAuthenticated(s.pool.config().requiredClientPassword() == null);
    }

    /** RESET while subscribed: the passthrough has closed its connection already. */
    static void resetAfterPassthrough(ClientSession s, RespRequest req) {
        s.dedicated = null;
        Arrays.fill(s.current, null);
        reset(s);
        s.local(req, Replies.simple(s.channel.alloc(), "RESET"));
    }

    /**
     * SELECT outside a transaction. The client's db changes for its very next request, answered
     * or not: an index a SELECT on this pool already proved valid is applied at once and answered
     * by Vigil; any other is forwarded for the node to judge ({@code ERR DB index is out of
     * range}), and the client's later requests wait for its answer ({@link SelectSlot}).
     */
    static boolean select(ClientSession s, RespRequest req) {
        if (req.argCount() != 2) {
            s.local(req, s.errorBuf(ProxyReplies.wrongArgs("select")));
            return true;
        }
        long index = req.argLong(1);
        if (index == Long.MIN_VALUE || index > Integer.MAX_VALUE) {
            s.local(req, s.errorBuf(ProxyReplies.NOT_INTEGER));
            return true;
        }
        if (index < 0) {
            s.local(req, s.errorBuf("ERR DB index is out of range"));
            return true;
        }
        int db = (int) index;
        if (s.poolLoop.knownDb(db)) {
            s.selected(db);
            s.local(req, Replies.simple(s.channel.alloc(), "OK"));
            return true;
        }
        BackendConnection c = Forwarding.connectionForNextForward(s);
        if (c == null) {
            return Forwarding.forward(s, req, null, 0, false, true, null); // waits for a master, or fails with the node's error
        }
        boolean sent = Forwarding.forward(s, req, null, s.dedicated != null ? s.dedicatedShard : 0, false, true, new SelectSlot(s, db));
        if (sent) {
            c.forgetDb(); // whatever the verdict, the next request on c selects its db explicitly
            s.settling = true;
        }
        return sent;
    }

    private static ByteBuf auth(ClientSession s, RespRequest req) {
        int argc = req.argCount();
        if (argc < 2 || argc > 3) {
            return s.errorBuf(ProxyReplies.wrongArgs("auth"));
        }
        String required = s.pool.config().requiredClientPassword();
        if (required == null && argc == 2) {
            return s.errorBuf(ProxyReplies.AUTH_NOT_CONFIGURED);
        }
        String user = argc == 3 ? req.argString(1) : "default";
        if (checkPassword(required, user, req.argBytes(argc - 1))) {
            s.setAuthenticated(true);
            return Replies.simple(s.channel.alloc(), "OK");
        } else {
            return s.errorBuf(ProxyReplies.WRONGPASS);
        }
    }

    /** Clients authenticate as the default user; with no password set, any password passes. */
    private static boolean checkPassword(String required, String user, byte[] given) {
        if (!"default".equals(user)) {
            return false;
        }
        return required == null || MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), given);
    }

    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    private static ByteBuf hello(ClientSession s, RespRequest req) {
        int argc = req.argCount();
        int protocol = s.protocol;
        if (argc >= 2) {
            long ver = req.argLong(1);
            if (ver == Long.MIN_VALUE) {
                return s.errorBuf("ERR Protocol version is not an integer or out of range");
            }
            if (ver < 2 || ver > 3) {
                return s.errorBuf(ProxyReplies.NOPROTO);
            }
            protocol = (int) ver;
        }
        String user = null;
        byte[] password = null;
        String newName = null;
        for (int i = 2; i < argc; i++) {
            boolean more = i + 1 < argc;
            if (req.argIs(i, "auth") && i + 2 < argc) {
                user = req.argString(i + 1);
                password = req.argBytes(i + 2);
                i += 2;
            } else if (req.argIs(i, "setname") && more) {
                byte[] n = req.argBytes(i + 1);
                if (!validName(n)) {
                    return s.errorBuf(ProxyReplies.BAD_CLIENT_NAME);
                }
                newName = new String(n, StandardCharsets.UTF_8);
                i++;
            } else {
                return s.errorBuf(ProxyReplies.helloSyntax(req.argString(i)));
            }
        }
        if (password != null) {
            if (!checkPassword(s.pool.config().requiredClientPassword(), user, password)) {
                return s.errorBuf(ProxyReplies.WRONGPASS);
            }
            s.setAuthenticated(true);
        }
        if (!s.authenticated) {
            return s.errorBuf(ProxyReplies.HELLO_NOAUTH);
        }
        s.protocol = protocol;
        if (newName != null) {
            s.name = newName.isEmpty() ? null : newName;
        }
        return HelloReply.build(s.channel.alloc(), protocol, s.id);
    }

    private static ByteBuf clientSetInfo(ClientSession s, RespRequest req) {
        if (req.argCount() != 4) {
            return s.errorBuf(ProxyReplies.wrongArgs("client|setinfo"));
        } else if (req.argIs(2, "lib-name") || req.argIs(2, "lib-ver")) {
            return Replies.simple(s.channel.alloc(), "OK");
        } else {
            return s.errorBuf(ProxyReplies.unrecognizedOption(req.argString(2)));
        }
    }

    // CLIENT REPLY ON|OFF|SKIP: applied by the proxy; a shared backend connection must always reply
    private static ByteBuf clientReply(ClientSession s, RespRequest req) {
        if (req.argCount() != 3) {
            return s.errorBuf(ProxyReplies.wrongArgs("client|reply"));
        } else if (req.argIs(2, "on")) {
            s.replies.off = false;
            s.replies.skipNext = false;
            return Replies.simple(s.channel.alloc(), "OK");
        } else if (req.argIs(2, "off")) {
            s.replies.off = true;
            return null;
        } else if (req.argIs(2, "skip")) {
            if (!s.replies.off) {
                s.replies.skipNext = true;
            }
            return null;
        } else {
            return s.errorBuf(ProxyReplies.SYNTAX);
        }
    }

    /** Redis's rule for client names: printable ASCII without spaces. */
    private static boolean validName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private static String commandName(RespRequest req) {
        String name = req.argString(0).toLowerCase();
        return req.argCount() > 1 && name.equals("client") ? "client|" + req.argString(1).toLowerCase() : name;
    }
}
