package io.vigil.server;

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
        ByteBufAllocator alloc = s.channel.alloc();
        int argc = req.argCount();
        switch (kind) {
            case PING:
                if (argc > 2) {
                    s.local(req, s.errorBuf(ProxyReplies.wrongArgs("ping")));
                } else if (argc == 2) {
                    s.local(req, Replies.bulk(alloc, req.frame(), req.argIndex(1), req.argLength(1)));
                } else {
                    s.local(req, Replies.simple(alloc, "PONG"));
                }
                return;
            case ECHO:
                if (argc != 2) {
                    s.local(req, s.errorBuf(ProxyReplies.wrongArgs("echo")));
                } else {
                    s.local(req, Replies.bulk(alloc, req.frame(), req.argIndex(1), req.argLength(1)));
                }
                return;
            case AUTH:
                auth(s, req);
                return;
            case HELLO:
                hello(s, req);
                return;
            case CLIENT_SETNAME:
                if (argc != 3) {
                    s.local(req, s.errorBuf(ProxyReplies.wrongArgs("client|setname")));
                } else if (!validName(req.argBytes(2))) {
                    s.local(req, s.errorBuf(ProxyReplies.BAD_CLIENT_NAME));
                } else {
                    s.name = req.argLength(2) == 0 ? null : req.argString(2);
                    s.local(req, Replies.simple(alloc, "OK"));
                }
                return;
            case CLIENT_GETNAME:
                s.local(req, s.name == null ? Replies.nullBulk(alloc, s.protocol) : Replies.bulk(alloc, s.name));
                return;
            case CLIENT_ID:
                s.local(req, Replies.integer(alloc, s.id));
                return;
            case CLIENT_SETINFO:
                clientSetInfo(s, req);
                return;
            case CLIENT_REPLY:
                clientReply(s, req);
                return;
            case UNSUPPORTED:
                s.local(req, s.errorBuf(ProxyReplies.unsupported(commandName(req))));
                return;
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
        s.tx(TxState.NONE);
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

    /** SELECT is forwarded so the backend validates the index; its slot records the outcome. */
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
        BackendConnection c = Forwarding.connectionForNextForward(s);
        if (c == null) {
            return Forwarding.forward(s, req, null, 0, false, true, null); // waits for a master, or fails with the node's error
        }
        boolean sent = Forwarding.forward(s, req, null, s.dedicated != null ? s.dedicatedShard : 0, false, true, new SelectSlot(s, (int) index, c));
        if (sent) {
            c.assumeDb((int) index);
        }
        return sent;
    }

    private static void auth(ClientSession s, RespRequest req) {
        int argc = req.argCount();
        if (argc < 2 || argc > 3) {
            s.local(req, s.errorBuf(ProxyReplies.wrongArgs("auth")));
            return;
        }
        String required = s.pool.config().requiredClientPassword();
        if (required == null && argc == 2) {
            s.local(req, s.errorBuf(ProxyReplies.AUTH_NOT_CONFIGURED));
            return;
        }
        String user = argc == 3 ? req.argString(1) : "default";
        if (checkPassword(required, user, req.argBytes(argc - 1))) {
            s.setAuthenticated();
            s.local(req, Replies.simple(s.channel.alloc(), "OK"));
        } else {
            s.local(req, s.errorBuf(ProxyReplies.WRONGPASS));
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
    private static void hello(ClientSession s, RespRequest req) {
        int argc = req.argCount();
        int protocol = s.protocol;
        if (argc >= 2) {
            long ver = req.argLong(1);
            if (ver == Long.MIN_VALUE) {
                s.local(req, s.errorBuf("ERR Protocol version is not an integer or out of range"));
                return;
            }
            if (ver < 2 || ver > 3) {
                s.local(req, s.errorBuf(ProxyReplies.NOPROTO));
                return;
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
                    s.local(req, s.errorBuf(ProxyReplies.BAD_CLIENT_NAME));
                    return;
                }
                newName = new String(n, StandardCharsets.UTF_8);
                i++;
            } else {
                s.local(req, s.errorBuf(ProxyReplies.helloSyntax(req.argString(i))));
                return;
            }
        }
        if (password != null) {
            if (!checkPassword(s.pool.config().requiredClientPassword(), user, password)) {
                s.local(req, s.errorBuf(ProxyReplies.WRONGPASS));
                return;
            }
            s.setAuthenticated();
        }
        if (!s.authenticated) {
            s.local(req, s.errorBuf(ProxyReplies.HELLO_NOAUTH));
            return;
        }
        s.protocol = protocol;
        if (newName != null) {
            s.name = newName.isEmpty() ? null : newName;
        }
        s.local(req, HelloReply.build(s.channel.alloc(), protocol, s.id));
    }

    private static void clientSetInfo(ClientSession s, RespRequest req) {
        if (req.argCount() != 4) {
            s.local(req, s.errorBuf(ProxyReplies.wrongArgs("client|setinfo")));
        } else if (req.argIs(2, "lib-name") || req.argIs(2, "lib-ver")) {
            s.local(req, Replies.simple(s.channel.alloc(), "OK"));
        } else {
            s.local(req, s.errorBuf(ProxyReplies.unrecognizedOption(req.argString(2))));
        }
    }

    // CLIENT REPLY ON|OFF|SKIP: applied by the proxy; a shared backend connection must always reply
    private static void clientReply(ClientSession s, RespRequest req) {
        if (req.argCount() != 3) {
            s.local(req, s.errorBuf(ProxyReplies.wrongArgs("client|reply")));
        } else if (req.argIs(2, "on")) {
            s.replies.off = false;
            s.replies.skipNext = false;
            s.local(req, Replies.simple(s.channel.alloc(), "OK"));
        } else if (req.argIs(2, "off")) {
            s.replies.off = true;
            s.noReply(req);
        } else if (req.argIs(2, "skip")) {
            if (!s.replies.off) {
                s.replies.skipNext = true;
            }
            s.noReply(req);
        } else {
            s.local(req, s.errorBuf(ProxyReplies.SYNTAX));
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
