package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespRepliesTest {

    private static ByteBuf reply(String escaped) {
        // Behind a prefix, so that nothing works only when the reader index is 0.
        ByteBuf buf = Unpooled.buffer().writeBytes("garbage".getBytes(StandardCharsets.US_ASCII));
        buf.writeBytes(CEscapes.decode(escaped));
        return buf.readerIndex(7);
    }

    @Test
    void readsTheTypeBytePastAttributes() {
        assertThat(RespReplies.type(reply("+OK\\r\\n"))).isEqualTo((byte) '+');
        assertThat(RespReplies.type(reply("|1\\r\\n+a\\r\\n*1\\r\\n:1\\r\\n-ERR x\\r\\n"))).isEqualTo((byte) '-');
        assertThat(RespReplies.type(reply("|1\\r\\n$1\\r\\na\\r\\n%1\\r\\n:1\\r\\n:2\\r\\n|0\\r\\n>0\\r\\n")))
                .isEqualTo((byte) '>');
    }

    @Test
    void recognisesSimpleAndBlobErrors() {
        assertThat(RespReplies.isError(reply("-ERR x\\r\\n"))).isTrue();
        assertThat(RespReplies.isError(reply("!5\\r\\nERR x\\r\\n"))).isTrue();
        assertThat(RespReplies.isError(reply("+ERR\\r\\n"))).isFalse();
        assertThat(RespReplies.isError(reply("$3\\r\\n-ER\\r\\n"))).isFalse();
    }

    @Test
    void matchesAnErrorCodeOnlyAsAWholeFirstWord() {
        ByteBuf readonly = reply("-READONLY You can't write against a read only replica.\\r\\n");
        ByteBuf moved = reply("-MOVED 3999 127.0.0.1:6381\\r\\n");
        ByteBuf bare = reply("-LOADING\\r\\n");
        ByteBuf blob = reply("!37\\r\\nMASTERDOWN Link with MASTER is down\\r\\n");

        assertThat(RespReplies.isErrorWithCode(readonly, "READONLY")).isTrue();
        assertThat(RespReplies.isErrorWithCode(readonly, "READ")).isFalse();
        assertThat(RespReplies.isErrorWithCode(readonly, "ERR")).isFalse();
        assertThat(RespReplies.isErrorWithCode(moved, "MOVED")).isTrue();
        assertThat(RespReplies.isErrorWithCode(bare, "LOADING")).isTrue();
        assertThat(RespReplies.isErrorWithCode(bare, "LOADINGX")).isFalse();
        assertThat(RespReplies.isErrorWithCode(blob, "MASTERDOWN")).isTrue();
        assertThat(RespReplies.isErrorWithCode(reply("+READONLY\\r\\n"), "READONLY")).isFalse();
        assertThat(readonly.readerIndex()).isEqualTo(7);
    }

    @Test
    void givesTheErrorTextWithoutItsDash() {
        assertThat(RespReplies.errorMessage(reply("-ERR no such key\\r\\n"))).isEqualTo("ERR no such key");
        assertThat(RespReplies.errorMessage(reply("!5\\r\\nERR x\\r\\n"))).isEqualTo("ERR x");
        assertThat(RespReplies.errorMessage(reply(":1\\r\\n"))).isNull();
    }

    @Test
    void recognisesEveryNull() {
        assertThat(RespReplies.isNull(reply("$-1\\r\\n"))).isTrue();
        assertThat(RespReplies.isNull(reply("*-1\\r\\n"))).isTrue();
        assertThat(RespReplies.isNull(reply("_\\r\\n"))).isTrue();
        assertThat(RespReplies.isNull(reply("$0\\r\\n\\r\\n"))).isFalse();
        assertThat(RespReplies.isNull(reply(":-1\\r\\n"))).isFalse();
    }

    @Test
    void readsIntegerReplies() {
        assertThat(RespReplies.integer(reply(":-42\\r\\n"))).isEqualTo(-42);
        assertThat(RespReplies.integer(reply(":9223372036854775807\\r\\n"))).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> RespReplies.integer(reply("+1\\r\\n"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsSubscriptionRepliesInResp2AndResp3() {
        // Captured from Redis 7.0.15: SUBSCRIBE a, then UNSUBSCRIBE with nothing subscribed.
        ByteBuf subscribe = reply("*3\\r\\n$9\\r\\nsubscribe\\r\\n$1\\r\\na\\r\\n:1\\r\\n");
        ByteBuf unsubscribeNone = reply("*3\\r\\n$11\\r\\nunsubscribe\\r\\n$-1\\r\\n:0\\r\\n");
        ByteBuf pushPsubscribe = reply(">3\\r\\n$10\\r\\npsubscribe\\r\\n$2\\r\\np*\\r\\n:3\\r\\n");
        ByteBuf pushUnsubscribeNone = reply(">3\\r\\n$12\\r\\npunsubscribe\\r\\n_\\r\\n:0\\r\\n");

        assertThat(RespReplies.isPubSubKind(subscribe, "subscribe")).isTrue();
        assertThat(RespReplies.pubSubCount(subscribe)).isEqualTo(1);
        assertThat(RespReplies.isPubSubKind(unsubscribeNone, "unsubscribe")).isTrue();
        assertThat(RespReplies.pubSubCount(unsubscribeNone)).isZero();
        assertThat(RespReplies.pubSubKind(pushPsubscribe).toString(StandardCharsets.US_ASCII)).isEqualTo("psubscribe");
        assertThat(RespReplies.pubSubCount(pushPsubscribe)).isEqualTo(3);
        assertThat(RespReplies.isPubSubKind(pushUnsubscribeNone, "punsubscribe")).isTrue();
        assertThat(RespReplies.pubSubCount(pushUnsubscribeNone)).isZero();
    }

    @Test
    void givesMessagesAKindButNoCount() {
        ByteBuf message = reply("*3\\r\\n$7\\r\\nmessage\\r\\n$2\\r\\nch\\r\\n$5\\r\\nhello\\r\\n");
        ByteBuf pmessage = reply(">4\\r\\n$8\\r\\npmessage\\r\\n$2\\r\\np*\\r\\n$2\\r\\npx\\r\\n$1\\r\\nx\\r\\n");

        assertThat(RespReplies.isPubSubKind(message, "message")).isTrue();
        assertThat(RespReplies.pubSubCount(message)).isEqualTo(-1);
        assertThat(RespReplies.isPubSubKind(pmessage, "pmessage")).isTrue();
        assertThat(RespReplies.pubSubCount(pmessage)).isEqualTo(-1);
    }

    @Test
    void findsNoPubSubShapeInOtherReplies() {
        assertThat(RespReplies.pubSubKind(reply("*2\\r\\n$4\\r\\npong\\r\\n$0\\r\\n\\r\\n"))).isNull();
        assertThat(RespReplies.pubSubKind(reply("*3\\r\\n:1\\r\\n:2\\r\\n:3\\r\\n"))).isNull();
        assertThat(RespReplies.pubSubKind(reply("+PONG\\r\\n"))).isNull();
        assertThat(RespReplies.pubSubCount(reply("*3\\r\\n$-1\\r\\n$1\\r\\na\\r\\n:1\\r\\n"))).isEqualTo(-1);
        assertThat(RespReplies.isPubSubKind(reply("*3\\r\\n$9\\r\\nsubscribe\\r\\n$1\\r\\na\\r\\n:1\\r\\n"), "message"))
                .isFalse();
    }

    @Test
    void skipsWholeValuesOfEveryType() {
        ByteBuf values = reply("*2\\r\\n$3\\r\\nabc\\r\\n%1\\r\\n~1\\r\\n_\\r\\n|1\\r\\n+a\\r\\n+b\\r\\n#t\\r\\n"
                + "!1\\r\\nx\\r\\n=5\\r\\ntxt:y\\r\\n*-1\\r\\n$-1\\r\\n,1.5\\r\\n(7\\r\\n:1\\r\\n");

        int end = RespReplies.skip(values, values.readerIndex(), 7);

        assertThat(values.getByte(end)).isEqualTo((byte) ':');
    }
}
