/**
 * Real {@code redis-server} and {@code redis-sentinel} processes on free 127.0.0.1 ports, for the
 * integration tests and {@code vigil demo}, with fault injection: kill, stop, pause, resume and
 * restart, each by process id.
 *
 * <p>Layout: {@link io.vigil.sandbox.Sandbox} owns a temporary directory and every process started
 * in it, and stops them at {@code close()} or at JVM exit. {@link io.vigil.sandbox.RedisNode} and
 * {@link io.vigil.sandbox.SentinelNode} are the handles a caller gets back; their process controls
 * live in {@link io.vigil.sandbox.SandboxNode}. A process that cannot be started, reached or
 * stopped throws a {@link io.vigil.sandbox.SandboxException} that ends with the tail of its log.
 * Package-private helpers: {@code ServerProcess} runs one process, {@code Readiness} waits until
 * it answers {@code PING} on its own port ({@code PortTakenException} when it lost the port to
 * another process), {@code ReplicaSync} until a replica's link is up, {@code Signals} pauses and
 * resumes by pid, {@code NodeConfig} writes the config file, {@code Binaries} finds the
 * executables on {@code PATH}, {@code FreePort} picks a port, {@code RespClient} is a one-command
 * blocking RESP client and {@code LogTail} reads the end of a log. {@link io.vigil.sandbox.FaultProxy}
 * is a TCP proxy in front of one node that black-holes the links of a chosen label (for example the
 * sentinels' links, told apart by the {@code CLIENT SETNAME sentinel-…} they open with), so a test
 * can partition a node from some peers and not others; {@code ProxyLink} is one connection through it.
 *
 * <p>This package depends on the JDK and {@link io.vigil.config.Endpoint} only. Nothing on the
 * proxy's data path may depend on it: it exists to drive real servers from the outside.
 */
package io.vigil.sandbox;
