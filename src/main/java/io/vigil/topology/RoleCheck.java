package io.vigil.topology;

import io.netty.channel.EventLoop;
import io.vigil.config.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks one Redis node {@code ROLE} on a connection of its own, opened for this question and closed
 * after it, so that a node's answer never waits behind data traffic. Replies:
 * <ul>
 *   <li>master: {@code ["master", <offset>, [[ip, port, ack-offset], …]]};</li>
 *   <li>replica: {@code ["slave", <master-ip>, <master-port>, <link state>, <offset>]};</li>
 *   <li>sentinel: {@code ["sentinel", [<master names>]]}.</li>
 * </ul>
 */
final class RoleCheck {

    private RoleCheck() {
    }

    /**
     * The node's role, or why there is none.
     *
     * @param node who was asked
     * @param role {@code master}, {@code slave}, {@code sentinel}; null when the node gave no role
     * @param detail for a replica, the master it follows ({@code of 127.0.0.1:7001, connected}); for
     *     no role, why (unreachable, timed out, an error reply)
     * @param nanos how long the check took, connect included
     */
    record Result(Endpoint node, String role, String detail, long nanos) {

        boolean isMaster() {
            return "master".equals(role);
        }

        /** True when the node answered with a role other than master: a reason to stop writing to it. */
        boolean isNotMaster() {
            return role != null && !isMaster();
        }

        long millis() {
            return nanos / 1_000_000;
        }

        /** {@code ROLE master}, {@code ROLE slave (of 127.0.0.1:7001, connected)}, {@code no ROLE (…)}. */
        String describe() {
            if (role == null) {
                return "no ROLE (" + detail + ")";
            }
            return "ROLE " + role + (detail == null ? "" : " (" + detail + ")");
        }
    }

    /** Never fails: an unreachable node is a result with a null role. */
    static CompletableFuture<Result> run(EventLoop loop, Endpoint node, Duration connectTimeout, Duration timeout,
                                         Credentials credentials) {
        long start = System.nanoTime();
        return ControlConnection.open(loop, node, connectTimeout, credentials, null)
                .thenCompose(c -> c.call(timeout, "ROLE").whenComplete((reply, e) -> c.close("ROLE checked")))
                .handle((reply, e) -> {
                    long nanos = System.nanoTime() - start;
                    if (e != null) {
                        return new Result(node, null, ControlConnection.reason(e), nanos);
                    }
                    return interpret(node, reply, nanos);
                });
    }

    static Result interpret(Endpoint node, Object reply, long nanos) {
        if (reply instanceof RespError error) {
            return new Result(node, null, error.message(), nanos);
        }
        if (!(reply instanceof List<?> fields) || fields.isEmpty() || !(fields.get(0) instanceof String role)) {
            return new Result(node, null, "unexpected reply " + reply, nanos);
        }
        if ("slave".equals(role) && fields.size() >= 4) {
            return new Result(node, role, "of " + fields.get(1) + ":" + fields.get(2) + ", " + fields.get(3), nanos);
        }
        return new Result(node, role, null, nanos);
    }
}
