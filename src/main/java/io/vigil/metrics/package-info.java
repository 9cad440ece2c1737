/**
 * Vigil's meters and what reads them: counters kept cheap enough for the data path (plain
 * {@link java.util.concurrent.atomic.LongAdder}s, a backend pipeline handler, histogram data points
 * looked up once), every meter name in {@link io.vigil.metrics.MeterNames}, nutcracker's stats
 * document and its raw TCP stats port, the Prometheus registry, and the recent topology events.
 *
 * <p>A leaf: it depends on Netty, the Prometheus client and {@code config}, never on
 * {@code server}, {@code backend} or {@code topology}, so that any of them may count into it.
 */
package io.vigil.metrics;
