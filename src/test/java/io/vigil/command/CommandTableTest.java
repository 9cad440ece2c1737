package io.vigil.command;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTableTest {

    private final CommandTable table = CommandTable.standard();
    private final Requests requests = new Requests();

    @AfterEach
    void release() {
        requests.releaseAll();
    }

    private CommandSpec lookup(String... args) {
        return table.lookup(requests.of(args));
    }

    @Test
    void findsCommandsWhateverTheirCase() {
        assertThat(lookup("GET", "k").name()).isEqualTo("get");
        assertThat(lookup("get", "k").name()).isEqualTo("get");
        assertThat(lookup("gEt", "k").name()).isEqualTo("get");
        assertThat(lookup("ZUNIONSTORE", "d", "1", "a").name()).isEqualTo("zunionstore");
        assertThat(lookup("restore-asking", "k", "0", "x").name()).isEqualTo("restore-asking");
    }

    @Test
    void findsTheSubcommandNamedByTheSecondArgument() {
        assertThat(lookup("CONFIG", "GET", "maxmemory").name()).isEqualTo("config|get");
        assertThat(lookup("client", "SetName", "x").name()).isEqualTo("client|setname");
        assertThat(lookup("XINFO", "STREAM", "s").name()).isEqualTo("xinfo|stream");
        assertThat(lookup("script", "load", "return 1").name()).isEqualTo("script|load");
        assertThat(lookup("OBJECT", "encoding", "k").name()).isEqualTo("object|encoding");
        assertThat(lookup("command", "getkeys", "get", "k").name()).isEqualTo("command|getkeys");
        assertThat(lookup("MEMORY", "USAGE", "k").name()).isEqualTo("memory|usage");
    }

    @Test
    void fallsBackToTheContainerWhenTheSubcommandIsMissingOrUnknown() {
        assertThat(lookup("CONFIG").name()).isEqualTo("config");
        assertThat(lookup("CONFIG", "NOSUCH").name()).isEqualTo("config");
        assertThat(lookup("COMMAND").name()).isEqualTo("command");
    }

    @Test
    void doesNotLookForSubcommandsOfPlainCommands() {
        assertThat(lookup("GET", "get").name()).isEqualTo("get");
        assertThat(lookup("SET", "help", "x").name()).isEqualTo("set");
    }

    @Test
    void answersNullForUnknownCommands() {
        assertThat(lookup("NOSUCHCOMMAND", "x")).isNull();
        assertThat(lookup("GE")).isNull();
        assertThat(lookup("GETT", "k")).isNull();
        assertThat(lookup("")).isNull();
        assertThat(lookup("x".repeat(100_000))).isNull();
        assertThat(table.lookup(requests.of(new byte[][] {{(byte) 0xC7, 'E', 'T'}}))).isNull();
        assertThat(table.lookup(requests.of(new String[0]))).isNull();
    }

    @Test
    void looksNamesUpForConfiguration() {
        assertThat(table.lookup("GET").name()).isEqualTo("get");
        assertThat(table.lookup("config|set").name()).isEqualTo("config|set");
        assertThat(table.lookup("CONFIG SET").name()).isEqualTo("config|set");
        assertThat(table.lookup("config").name()).isEqualTo("config");
        assertThat(table.lookup("config|nosuch")).isNull();
        assertThat(table.lookup("get|x")).isNull();
        assertThat(table.lookup("nosuch")).isNull();
    }

    @Test
    void knowsEveryContainerAndItsSubcommands() {
        for (String container : List.of("config", "client", "object", "script", "xinfo", "command",
                "function", "memory", "cluster", "acl", "pubsub", "xgroup", "slowlog", "latency", "module")) {
            assertThat(table.commands()).anySatisfy(c -> assertThat(c.name()).startsWith(container + "|"));
        }
        assertThat(table.commands()).hasSizeGreaterThan(350);
        assertThat(table.redisVersion()).isEqualTo("7.0.15");
    }

    @Test
    void carriesTheFlagsTheProxyRoutesOn() {
        CommandSpec get = lookup("GET", "k");
        assertThat(get.isReadonly()).isTrue();
        assertThat(get.isWrite()).isFalse();
        assertThat(get.isFast()).isTrue();
        assertThat(get.mayGoToReplica()).isTrue();

        CommandSpec set = lookup("SET", "k", "v");
        assertThat(set.isWrite()).isTrue();
        assertThat(set.isDenyOom()).isTrue();
        assertThat(set.mayGoToReplica()).isFalse();

        assertThat(lookup("BLPOP", "l", "0").isBlocking()).isTrue();
        assertThat(lookup("XREAD", "STREAMS", "s", "0").isBlocking()).isTrue();
        assertThat(lookup("SUBSCRIBE", "ch").isPubsub()).isTrue();
        assertThat(lookup("FLUSHALL").isWrite()).isTrue();
        assertThat(lookup("EVAL", "return 1", "0").isNoscript()).isTrue();
        assertThat(lookup("MULTI").isNoscript()).isTrue();
        assertThat(lookup("SAVE").isNoMulti()).isTrue();
        assertThat(lookup("WATCH", "k").isNoMulti()).isFalse();
        assertThat(lookup("SHUTDOWN").isAdmin()).isTrue();
        assertThat(lookup("ZUNIONSTORE", "d", "1", "a").isMovableKeys()).isTrue();
        assertThat(lookup("INFO").isLoading()).isTrue();
        assertThat(lookup("INFO").isStale()).isTrue();
        assertThat(lookup("INFO").flags()).contains("loading", "stale");
        assertThat(lookup("GET", "k").aclCategories()).contains("read", "string", "fast");
    }

    @Test
    void sendsOnlyReadonlyCommandsToReplicas() {
        for (String name : List.of("eval_ro", "evalsha_ro", "fcall_ro", "sort_ro", "georadius_ro", "xinfo|stream")) {
            assertThat(table.lookup(name).mayGoToReplica()).as(name).isTrue();
        }
        for (String name : List.of("eval", "evalsha", "fcall", "sort", "flushall", "info", "ping", "multi",
                "subscribe", "script|load", "config|get", "xreadgroup")) {
            assertThat(table.lookup(name).mayGoToReplica()).as(name).isFalse();
        }
    }

    @Test
    void checksArityExactlyOrAsAMinimum() {
        CommandSpec get = table.lookup("get");
        assertThat(get.arity()).isEqualTo(2);
        assertThat(get.arityOk(2)).isTrue();
        assertThat(get.arityOk(1)).isFalse();
        assertThat(get.arityOk(3)).isFalse();

        CommandSpec mset = table.lookup("mset");
        assertThat(mset.arity()).isEqualTo(-3);
        assertThat(mset.arityOk(2)).isFalse();
        assertThat(mset.arityOk(3)).isTrue();
        assertThat(mset.arityOk(300)).isTrue();

        assertThat(table.lookup("config|get").arityOk(2)).isFalse();
        assertThat(table.lookup("config|get").arityOk(3)).isTrue();
    }

    @Test
    void rejectsAMalformedTableNamingTheLine() {
        String good = "get\t2\treadonly\tread\tRO/index:1/range:0:1:0\n";
        assertThatThrownBy(() -> CommandTableLoader.parse(new StringReader(good + "set\tx\t-\t-\t-\n"), "t.tsv"))
                .hasMessageContaining("t.tsv:2: arity: x (expected: an integer)");
        assertThatThrownBy(() -> CommandTableLoader.parse(new StringReader("set\t-3\t-\n"), "t.tsv"))
                .hasMessageContaining("t.tsv:1: columns: 3 (expected: 5, tab-separated)");
        assertThatThrownBy(() -> CommandTableLoader.parse(new StringReader("x\t2\t-\t-\tRO/index:1/range:0:0:0\n"), "t"))
                .hasMessageContaining("step: 0 (expected: 1 or more)");
        assertThatThrownBy(() -> CommandTableLoader.parse(new StringReader("x\t2\t-\t-\tRO/at:1/range:0:1:0\n"), "t"))
                .hasMessageContaining("begin_search: at:1");
        assertThatThrownBy(() -> CommandTableLoader.parse(new StringReader("a|b\t2\t-\t-\t-\n"), "t"))
                .hasMessageContaining("subcommands without a container: [a]");
    }

    @Test
    void coversEveryUnknownOrIncompleteKeySpecWithARedisKeyProcedure() {
        for (CommandSpec spec : table.commands()) {
            for (KeySpec ks : spec.keySpecs) {
                boolean opaque = ks.incomplete
                        || ks.begin instanceof KeySpec.UnknownBegin || ks.find instanceof KeySpec.UnknownFind;
                if (opaque) {
                    assertThat(spec.getKeysProc).as(spec.name()).isNotNull();
                }
            }
        }
    }
}
