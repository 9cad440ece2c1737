/**
 * JMH benchmarks of Vigil's per-request work that need only public API: command lookup, key
 * finding, key hashing and routing, and the decoders inside a Netty pipeline. The decoders alone
 * are measured from {@code io.vigil.protocol}, where their {@code decode} is visible.
 *
 * <p>Layout: one benchmark class per stage of the data path (see DESIGN.md), each preparing its
 * inputs in a {@code @Setup} so that a measured call does only what the proxy does per request;
 * {@link io.vigil.bench.BenchRequests} builds requests the way the decoder frames them. How to
 * build and run them, and the last figures, are in {@code bench/jmh.md}.
 *
 * <p>Compiled only by the {@code jmh} Maven profile. Nothing in {@code src/main} or
 * {@code src/test} may depend on this package; it may depend on any public Vigil API and on JMH.
 */
package io.vigil.bench;
