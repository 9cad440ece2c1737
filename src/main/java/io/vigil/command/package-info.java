/**
 * What Vigil knows about Redis commands: the command table, generated from a real server's
 * {@code COMMAND} reply ({@code scripts/gen-command-table.py} writes
 * {@code io/vigil/command/commands.tsv}), the flags the proxy routes on, and where a request's keys
 * are, found by Redis 7 key-spec rules; and the planner, with one class per split/merge strategy.
 *
 * <p>Entry points: {@link io.vigil.command.CommandTable#standard()}, then
 * {@link io.vigil.command.CommandTable#lookup(io.vigil.protocol.RespRequest)} and the
 * {@link io.vigil.command.CommandSpec} it returns. Lookup and key finding run for every request,
 * so they allocate nothing.
 *
 * <p>This package may depend on {@code io.vigil.protocol} (and Netty's buffers through it) only:
 * never on routing, topology, backend, server or config.
 */
package io.vigil.command;
