package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespReplyDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replies framed by the real decoder, then parsed; every frame is released. */
class ReplyParserTest {

    @Test
    void scalarsBecomeStringsLongsAndErrors() {
        assertThat(parse("+OK\r\n")).isEqualTo("OK");
        assertThat(parse(":-42\r\n")).isEqualTo(-42L);
        assertThat(parse("$5\r\nhello\r\n")).isEqualTo("hello");
        assertThat(parse("$0\r\n\r\n")).isEqualTo("");
        assertThat(parse("-NOAUTH Authentication required.\r\n"))
                .isEqualTo(new RespError("NOAUTH Authentication required."))
                .satisfies(e -> assertThat(((RespError) e).code()).isEqualTo("NOAUTH"));
    }

    @Test
    void nullsOfBothProtocolsBecomeNull() {
        assertThat(parse("$-1\r\n")).isNull();
        assertThat(parse("*-1\r\n")).isNull();
        assertThat(parse("_\r\n")).isNull();
    }

    @Test
    void getMasterAddrByNameIsAListOfTwoStrings() {
        assertThat(parse("*2\r\n$9\r\n127.0.0.1\r\n$4\r\n7001\r\n")).isEqualTo(List.of("127.0.0.1", "7001"));
    }

    @Test
    void roleOfAMasterNestsItsReplicas() {
        Object role = parse("*3\r\n$6\r\nmaster\r\n:3129659\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n7002\r\n$7\r\n3129242\r\n");

        assertThat(role).isEqualTo(List.of("master", 3129659L, List.of(List.of("127.0.0.1", "7002", "3129242"))));
        assertThat(RoleCheck.interpret(new Endpoint("127.0.0.1", 7001), role, 0).isMaster()).isTrue();
    }

    @Test
    void roleOfAReplicaNamesItsMaster() {
        Object role = parse("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:7001\r\n$9\r\nconnected\r\n:3167038\r\n");

        RoleCheck.Result result = RoleCheck.interpret(new Endpoint("127.0.0.1", 7002), role, 0);
        assertThat(result.isNotMaster()).isTrue();
        assertThat(result.describe()).isEqualTo("ROLE slave (of 127.0.0.1:7001, connected)");
    }

    @Test
    void anErrorIsNoRole() {
        RoleCheck.Result result = RoleCheck.interpret(new Endpoint("127.0.0.1", 7002),
                parse("-LOADING Redis is loading the dataset in memory\r\n"), 0);

        assertThat(result.role()).isNull();
        assertThat(result.isNotMaster()).isFalse();
        assertThat(result.describe()).isEqualTo("no ROLE (LOADING Redis is loading the dataset in memory)");
    }

    @Test
    void resp3TypesBecomeTheirPlainCounterparts() {
        assertThat(parse("%2\r\n+a\r\n:1\r\n+b\r\n_\r\n")).isEqualTo(Arrays.asList("a", 1L, "b", null));
        assertThat(parse("~2\r\n#t\r\n#f\r\n")).isEqualTo(List.of(true, false));
        assertThat(parse(">3\r\n$7\r\nmessage\r\n$4\r\n+sdo\r\n$1\r\nx\r\n")).isEqualTo(List.of("message", "+sdo", "x"));
        assertThat(parse("=8\r\ntxt:some\r\n")).isEqualTo("some");
        assertThat(parse(",3.5\r\n")).isEqualTo("3.5");
        assertThat(parse("!5\r\nERR x\r\n")).isEqualTo(new RespError("ERR x"));
    }

    @Test
    void anAttributeIsSkippedForTheValueItDescribes() {
        assertThat(parse("|1\r\n+ttl\r\n:3\r\n$3\r\nval\r\n")).isEqualTo("val");
    }

    @Test
    void aFrameWithTwoRepliesIsRefused() {
        ByteBuf frame = Unpooled.copiedBuffer("+OK\r\n+OK\r\n", StandardCharsets.US_ASCII);
        try {
            assertThatThrownBy(() -> ReplyParser.parse(frame)).hasMessageContaining("expected: one reply");
        } finally {
            frame.release();
        }
    }

    /** Feeds the bytes one at a time through the decoder, so the frame is what a channel would see. */
    private static Object parse(String resp) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder());
        byte[] bytes = resp.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        ByteBuf frame = channel.readInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
        try {
            return ReplyParser.parse(frame);
        } finally {
            frame.release();
        }
    }
}
