/**
 * RESP framing: what bytes make one client request ({@link io.vigil.protocol.RespRequestDecoder}),
 * one backend reply ({@link io.vigil.protocol.RespReplyDecoder}), how to look inside a complete
 * reply without copying it ({@link io.vigil.protocol.RespReplies}), and how to write RESP
 * ({@link io.vigil.protocol.RespWriter}).
 *
 * <p>Layout: the decoders emit retained slices of their input and never copy a multibulk request
 * or a reply; an inline request is the one exception, rewritten once into a multibulk frame.
 * Malformed client input becomes a {@link io.vigil.protocol.ProtocolError} carrying the exact text
 * Redis 7.0 gives; malformed backend input becomes a {@code DecoderException}.
 *
 * <p>This package is the bottom of the dependency graph: it depends on Netty's buffer and codec
 * classes only, and must not depend on any other {@code io.vigil} package (no config, no command
 * table, no routing). It knows bytes, not command meanings.
 */
package io.vigil.protocol;
