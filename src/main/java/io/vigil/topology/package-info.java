/**
 * The control plane's view of who is master: immutable snapshots of each pool
 * ({@link io.vigil.topology.PoolTopology}, {@link io.vigil.topology.ShardTopology}), replaced whole,
 * and the {@link io.vigil.topology.SentinelWatcher} that keeps them current by asking Redis
 * Sentinel, listening to its events and checking every named master with {@code ROLE} before
 * anyone may write to it.
 *
 * <p>Layout: {@code SentinelWatcher} owns {@code SentinelLinks}, one {@code SentinelLink} per
 * sentinel configured or learned (a command connection and a subscribed one, each a
 * {@code ControlConnection}), and one {@code ShardResolver} per shard. A resolution asks every reachable sentinel
 * ({@code SentinelQuery}), applies the disagreement rule ({@code Resolution}), verifies the
 * winner ({@code RoleCheck}) and publishes. {@code ReplyParser} turns reply frames into plain Java
 * values; {@code SentinelEvent} reads pub/sub payloads. All of a watcher's state lives on one
 * event loop; only {@code current()} and {@code suspect()} are called from other threads.
 *
 * <p>{@link io.vigil.topology.HealthChecker} checks every node of a pool itself, Sentinel or
 * static, on one {@code NodeLink} per node: {@code INFO replication} of each master, then
 * {@code ROLE} and {@code INFO replication} of its replicas ({@code ReplicationInfo}).
 * {@code HealthRules} judges one check ({@code Finding}), {@code Readability} weighs it against
 * the ones before, and the result, a {@link io.vigil.topology.NodeHealth} per node, is published
 * as an immutable snapshot that the data path reads from any thread: which replicas may take
 * reads, and how far each has caught up with its master ({@code caughtUpAt}, for read-your-writes).
 *
 * <p>This package may depend on {@code config}, {@code protocol} and {@code backend.Transport}
 * only. It must not depend on routing, server, command or the rest of backend: the data path
 * reads topology, never the other way round.
 */
package io.vigil.topology;
